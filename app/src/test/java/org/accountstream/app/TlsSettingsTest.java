package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accountstream.tls.*}: which PEM files are served, and which are refused before anything starts. */
class TlsSettingsTest {

    @TempDir
    static Path directory;

    private static TestCertificate rsa;
    private static TestCertificate other;

    @BeforeAll
    static void makeCertificates() {
        rsa = TestCertificate.rsa(directory, "rsa");
        other = TestCertificate.rsa(directory, "other");
    }

    private static AppSettings settings(Map<String, String> values) {
        Map<String, String> config = new HashMap<>(values);
        config.put("accountstream.token.keys", RunningApp.TOKEN_KEY);
        return AppSettings.from(Config.just(ConfigSources.create(config)));
    }

    private static Map<String, String> tls(Path certificate, Path key) {
        return Map.of(TlsSettings.CERTIFICATE, certificate.toString(), TlsSettings.PRIVATE_KEY, key.toString());
    }

    @Test
    void withoutEitherKeyBothListenersArePlaintext() {
        assertThat(settings(Map.of()).tls()).isEmpty();
    }

    @Test
    void readsAnRsaCertificateAndItsPkcs8Key() {
        TlsSettings tls = settings(rsa.config()).tls().orElseThrow();
        assertThat(tls.chain()).singleElement().satisfies(
                certificate -> assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost"));
        assertThat(tls.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(tls.forGrpc().chain()).isEqualTo(tls.chain());
        assertThat(tls.forWebServer().enabled()).isTrue();
    }

    @Test
    void readsAPkcs1RsaKeyAndAPkcs8EcKey() {
        assertThat(settings(rsa.withPkcs1Key().config()).tls().orElseThrow().key().getAlgorithm()).isEqualTo("RSA");
        TestCertificate ec = TestCertificate.ec(directory, "ec");
        assertThat(settings(ec.config()).tls().orElseThrow().key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void oneKeyWithoutTheOtherIsRefusedNamingBoth() {
        assertThatThrownBy(() -> settings(Map.of(TlsSettings.CERTIFICATE, rsa.certificate().toString())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("accountstream.tls.certificate is set but accountstream.tls.private-key is not:"
                        + " TLS needs both (PEM files), plaintext neither");
        assertThatThrownBy(() -> settings(Map.of(TlsSettings.PRIVATE_KEY, rsa.privateKey().toString())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        "accountstream.tls.private-key is set but accountstream.tls.certificate is not");
    }

    @Test
    void aMissingFileIsRefusedNamingItsKey() {
        Path missing = directory.resolve("missing.pem");
        assertThatThrownBy(() -> settings(tls(missing, rsa.privateKey())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("accountstream.tls.certificate=" + missing + ": no such file");
        assertThatThrownBy(() -> settings(tls(rsa.certificate(), missing)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("accountstream.tls.private-key=" + missing + ": no such file");
    }

    @Test
    void aFileThatIsNotPemIsRefusedNamingItsKey() throws IOException {
        Path garbage = Files.writeString(directory.resolve("garbage.pem"), "not a PEM file\n");
        assertThatThrownBy(() -> settings(tls(garbage, rsa.privateKey())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("accountstream.tls.certificate=" + garbage + " is not a PEM certificate chain");
        assertThatThrownBy(() -> settings(tls(rsa.certificate(), garbage)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(
                        "accountstream.tls.private-key=" + garbage + " is not an unencrypted PKCS#8 key");
        assertThatThrownBy(() -> settings(tls(rsa.privateKey(), rsa.certificate()))) // the two swapped
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("accountstream.tls.certificate=" + rsa.privateKey() + " is not a PEM");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> settings(tls(rsa.certificate(), other.privateKey())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("accountstream.tls.private-key=" + other.privateKey() + " is not the private key of the"
                        + " first certificate in accountstream.tls.certificate=" + rsa.certificate());
    }
}
