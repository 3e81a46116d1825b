package org.atoll.kernel.internal.routing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.ValidationException;

/**
 * TLS material: reads and checks the PEM files an operator names, or makes a self-signed certificate
 * with openssl. The result travels as one secret, so every node can write the same files.
 */
final class Certificates {

    /** A certificate chain and its private key, both PEM. The key is a secret: never logged. */
    record Material(@JsonProperty("certificate") String certificate, @JsonProperty("key") String key) {
        @Override
        public String toString() {
            return "Material[certificate, key=******]";
        }
    }

    private static final int MAX_BYTES = 1 << 20;
    private static final Pattern KEY_HEADER = Pattern.compile(
            "-----BEGIN (RSA |EC )?PRIVATE KEY-----[A-Za-z0-9+/=\\r\\n]+-----END (RSA |EC )?PRIVATE KEY-----\\s*");
    private static final Pattern CERT_BLOCK = Pattern.compile(
            "(-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\r\\n]+-----END CERTIFICATE-----\\s*)+");

    private Certificates() {
    }

    /** Reads and checks the certificate and key files; problems name {@code field}.certificate / .key. */
    static Material read(String field, String certificate, String key) {
        if (certificate == null || key == null) {
            throw new ValidationException(field, "give both a certificate (-c) and a key (-k)");
        }
        String certPem = pem(field + ".certificate", certificate);
        String keyPem = pem(field + ".key", key);
        if (!CERT_BLOCK.matcher(certPem).matches()) {
            throw new ValidationException(field + ".certificate", certificate
                    + " is not a PEM certificate chain (-----BEGIN CERTIFICATE----- blocks only)");
        }
        try {
            Collection<? extends java.security.cert.Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)));
            if (chain.isEmpty() || !(chain.iterator().next() instanceof X509Certificate)) {
                throw new ValidationException(field + ".certificate", certificate + " holds no X.509 certificate");
            }
        } catch (CertificateException e) {
            throw new ValidationException(field + ".certificate", certificate + " is not a valid certificate: "
                    + e.getMessage());
        }
        if (keyPem.contains("ENCRYPTED")) {
            throw new ValidationException(field + ".key", key + " is encrypted; give the key without a passphrase");
        }
        if (!KEY_HEADER.matcher(keyPem).matches()) {
            throw new ValidationException(field + ".key", key + " is not one PEM private key");
        }
        return new Material(certPem, keyPem);
    }

    private static String pem(String field, String path) {
        String problem = Names.absolutePath(path);
        if (problem != null) {
            throw new ValidationException(field, problem);
        }
        Path p = Path.of(path);
        try {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new ValidationException(field, path + " is not a readable file");
            }
            if (Files.size(p) > MAX_BYTES) {
                throw new ValidationException(field, path + " is larger than 1 MiB");
            }
            byte[] bytes = Files.readAllBytes(p);
            for (byte b : bytes) {
                if (b < 0 || b == 0) {
                    throw new ValidationException(field, path + " is not a PEM file (binary content)");
                }
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ValidationException(field, path + " cannot be read: " + e.getMessage());
        }
    }

    /** A self-signed certificate for {@code host}, made by openssl (an argument list; no shell). */
    static Material selfSigned(String host) {
        String problem = Names.host(host);
        if (problem != null) {
            throw new ValidationException("url", problem);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("atoll-tls", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            boolean ip = Names.isIpv4(host) || Names.isIpv6(host);
            List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "825", "-subj", "/CN=" + host, "-addext",
                    "subjectAltName=" + (ip ? "IP:" : "DNS:") + host, "-keyout", key.toString(), "-out", cert.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl did not finish in 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + output.strip());
            }
            return new Material(Files.readString(cert, StandardCharsets.US_ASCII),
                    Files.readString(key, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate (is openssl installed?): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a certificate", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }
}
