package org.atoll.kernel.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.atoll.kernel.client.RemoteCli.Failure;

/** ATOLL_CA_FILE: the CA certificates (PEM) to trust instead of the system's, for an https API with a private CA. */
final class TrustFile {

    private TrustFile() {
    }

    static SSLContext context(String file) throws Failure {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new Failure("ATOLL_CA_FILE: " + file + ": no such file");
        } catch (CertificateException e) {
            throw new Failure("ATOLL_CA_FILE: " + file + " is not a PEM certificate: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new Failure("ATOLL_CA_FILE: cannot read " + file + ": " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new Failure("ATOLL_CA_FILE: " + file + " holds no certificate");
        }
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new Failure("ATOLL_CA_FILE: cannot trust the certificates of " + file + ": " + e.getMessage());
        }
    }
}
