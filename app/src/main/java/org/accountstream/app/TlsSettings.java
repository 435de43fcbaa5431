package org.accountstream.app;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.accountstream.adapters.grpc.GrpcSettings;

/**
 * The key and certificate chain both listeners serve TLS with, read from the PEM files that
 * {@code accountstream.tls.certificate} and {@code accountstream.tls.private-key} name, and
 * checked before anything starts: both keys or neither, each file readable PEM, and the private
 * key the one of the chain's first certificate (a mismatch would otherwise only show as failed
 * handshakes). Both listeners get the key and chain parsed here, so they accept the same files.
 *
 * <p>Helidon's PEM reader reads the key: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC, what
 * {@code openssl req -nodes} and {@code openssl genpkey} write) and PKCS#1 RSA ({@code BEGIN RSA
 * PRIVATE KEY}); an encrypted key, a SEC1 EC key ({@code BEGIN EC PRIVATE KEY}) and Ed25519 are
 * refused.
 *
 * @param chain the server's certificate first, then any intermediates
 * @param key   the private key of {@code chain}'s first certificate
 */
record TlsSettings(List<X509Certificate> chain, PrivateKey key) {

    static final String CERTIFICATE = "accountstream.tls.certificate";
    static final String PRIVATE_KEY = "accountstream.tls.private-key";

    private static final String KEY_FORMATS = "an unencrypted PKCS#8 key (BEGIN PRIVATE KEY; RSA or EC)"
            + " or a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY)";

    /**
     * The TLS settings, or none (plaintext) when neither key is set.
     *
     * @throws ConfigurationException naming the key whose file cannot be used, or the key that is missing
     */
    static Optional<TlsSettings> from(ConfigReader reader) {
        String certificate = reader.stringValue(CERTIFICATE, "");
        String key = reader.stringValue(PRIVATE_KEY, "");
        if (certificate.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (certificate.isEmpty() || key.isEmpty()) {
            String set = certificate.isEmpty() ? PRIVATE_KEY : CERTIFICATE;
            String unset = certificate.isEmpty() ? CERTIFICATE : PRIVATE_KEY;
            throw new ConfigurationException(set + " is set but " + unset + " is not: TLS needs both"
                    + " (PEM files), plaintext neither");
        }
        List<X509Certificate> chain = read(CERTIFICATE, certificate, "a PEM certificate chain (BEGIN CERTIFICATE)",
                file -> Keys.builder().pem(pem -> pem.certChain(file)).build().certChain());
        PrivateKey privateKey = read(PRIVATE_KEY, key, KEY_FORMATS,
                file -> Keys.builder().pem(pem -> pem.key(file)).build().privateKey().orElseThrow());
        if (!signsFor(privateKey, chain.getFirst())) {
            throw new ConfigurationException(PRIVATE_KEY + "=" + key + " is not the private key of the first"
                    + " certificate in " + CERTIFICATE + "=" + certificate);
        }
        return Optional.of(new TlsSettings(chain, privateKey));
    }

    /** The gRPC server's TLS. */
    GrpcSettings.Tls forGrpc() {
        return new GrpcSettings.Tls(key, chain);
    }

    /** The web server's TLS (no client certificates asked for). */
    Tls forWebServer() {
        return Tls.builder().privateKey(key).privateKeyCertChain(chain).build();
    }

    /** What Helidon's PEM reader makes of {@code file}, the value of {@code configKey}. */
    private static <T> T read(String configKey, String file, String expected, Function<Resource, T> reader) {
        byte[] pem;
        try {
            pem = Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(configKey + "=" + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigurationException(configKey + "=" + file + ": not readable (permission denied)");
        } catch (IOException | RuntimeException e) { // a directory, an invalid path, ...
            throw new ConfigurationException(configKey + "=" + file + " cannot be read: " + e);
        }
        try {
            return reader.apply(Resource.create(file, pem));
        } catch (RuntimeException e) { // Helidon's PkiException, or a block's bad base64
            throw new ConfigurationException(configKey + "=" + file + " is not " + expected + ": " + e.getMessage());
        }
    }

    /** Whether a signature made with {@code key} verifies with {@code certificate}'s public key. */
    private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
        String algorithm = "SHA256with" + (key.getAlgorithm().equals("EC") ? "ECDSA" : key.getAlgorithm());
        byte[] probe = "accountstream".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) { // e.g. an RSA key with an EC certificate
            return false;
        }
    }
}
