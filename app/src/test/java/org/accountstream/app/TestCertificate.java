package org.accountstream.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, valid for a day, and its
 * private key: PEM files made at test time by {@code openssl}, as the README tells users to make
 * one. Being self-signed, the certificate is also the CA file its clients trust.
 */
record TestCertificate(Path certificate, Path privateKey) {

    /** An RSA key (2048 bits) as PKCS#8, OpenSSL's default output: {@code <name>-cert.pem}, {@code <name>-key.pem}. */
    static TestCertificate rsa(Path directory, String name) {
        return create(directory, name, "rsa:2048");
    }

    /** An EC key (P-256) as PKCS#8. */
    static TestCertificate ec(Path directory, String name) {
        return create(directory, name, "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
    }

    /** The same key in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, OpenSSL's "traditional" form). */
    TestCertificate withPkcs1Key() {
        Path pkcs1 = privateKey.resolveSibling(privateKey.getFileName().toString().replace(".pem", "-pkcs1.pem"));
        openssl("pkey", "-in", privateKey.toString(), "-traditional", "-out", pkcs1.toString());
        return new TestCertificate(certificate, pkcs1);
    }

    /** The configuration that serves TLS with these files. */
    Map<String, String> config() {
        return Map.of(TlsSettings.CERTIFICATE, certificate.toString(), TlsSettings.PRIVATE_KEY, privateKey.toString());
    }

    private static TestCertificate create(Path directory, String name, String... newKey) {
        Path certificate = directory.resolve(name + "-cert.pem");
        Path key = directory.resolve(name + "-key.pem");
        List<String> request = new ArrayList<>(List.of("req", "-x509", "-newkey"));
        request.addAll(List.of(newKey));
        request.addAll(List.of("-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", certificate.toString()));
        openssl(request.toArray(String[]::new));
        return new TestCertificate(certificate, key);
    }

    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl, which makes the tests' certificates", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running openssl", e);
        }
    }
}
