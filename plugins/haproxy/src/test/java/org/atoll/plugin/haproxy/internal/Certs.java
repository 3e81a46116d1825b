package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed EC certificates made by openssl, and a client context that trusts exactly them. */
final class Certs {

    record Pair(Path certificate, Path key) {
        Certificate x509() throws IOException {
            try (InputStream in = Files.newInputStream(certificate)) {
                return CertificateFactory.getInstance("X.509").generateCertificate(in);
            } catch (java.security.cert.CertificateException e) {
                throw new IOException(e);
            }
        }
    }

    private Certs() {
    }

    static Pair make(Path dir, String cn) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path key = dir.resolve(cn + ".key");
        Path cert = dir.resolve(cn + ".crt");
        Process p = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + cn, "-keyout", key.toString(),
                "-out", cert.toString())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl took too long");
        }
        assertEquals(0, p.exitValue(), "openssl req");
        return new Pair(cert, key);
    }

    static SSLContext trusting(Pair... pairs) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < pairs.length; i++) {
            ks.setCertificateEntry("c" + i, pairs[i].x509());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
