package org.atoll.plugin.nginx.internal;

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

/** Self-signed certificates made by openssl, and a client context that trusts exactly them. */
final class Certs {

    private Certs() {
    }

    /** {cert, key} for CN={@code cn} in {@code dir}. */
    static Path[] make(Path dir, String cn) throws IOException, InterruptedException {
        Path cert = dir.resolve(cn + ".crt");
        Path key = dir.resolve(cn + ".key");
        Process p = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + cn, "-keyout",
                key.toString(), "-out", cert.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(true, p.waitFor(20, TimeUnit.SECONDS), "openssl took too long");
        assertEquals(0, p.exitValue(), "openssl failed");
        return new Path[] {cert, key};
    }

    static Certificate load(Path cert) throws Exception {
        try (InputStream in = Files.newInputStream(cert)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static SSLContext trusting(Path... certs) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < certs.length; i++) {
            store.setCertificateEntry("c" + i, load(certs[i]));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
