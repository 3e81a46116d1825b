package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS sites: the certificate chosen by SNI, routing by host, HTTP/2 by ALPN, private copies of the keys. */
class TlsTest {

    private static Fixture fx;
    private static Path certs;

    @BeforeAll
    static void start() throws Exception {
        fx = new Fixture();
        certs = Files.createTempDirectory("atoll-haproxy-certs");
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
        ProxyHome.deleteTree(certs);
    }

    @Test
    void sniChoosesTheCertificateAndHostTheSite() throws Exception {
        Certs.Pair ca = Certs.make(certs, "a.example");
        Certs.Pair cb = Certs.make(certs, "b.example");
        Backend a = fx.backend("a");
        Backend b = fx.backend("b");
        int port = Fixture.freePort();
        fx.router.apply("sni", Fixture.table(
                Fixture.tls(Fixture.site("alpha", port, List.of("a.example"), a), ca.certificate(), ca.key()),
                Fixture.tls(Fixture.site("beta", port, List.of("b.example"), b), cb.certificate(), cb.key())));
        SSLContext trust = Certs.trusting(ca, cb);

        Http.Response ra = Http.getTls(trust, port, "a.example", "a.example", "/");
        assertEquals("a", ra.server());
        assertEquals(ca.x509(), ra.peer());
        assertEquals("https", a.header("X-Forwarded-Proto"));
        Http.Response rb = Http.getTls(trust, port, "b.example", "b.example", "/");
        assertEquals("b", rb.server());
        assertEquals(cb.x509(), rb.peer());
        assertEquals(404, Http.getTls(trust, port, "a.example", "c.example", "/").status());

        Path dir = fx.dir("sni");
        String config = new String(fx.config("sni"), StandardCharsets.UTF_8);
        assertFalse(config.contains(certs.toString()), "the configuration names only the proxy's own copies");
        try (Stream<Path> files = Files.list(dir.resolve("files"))) {
            List<Path> pems = files.filter(p -> p.toString().endsWith(".pem")).toList();
            assertEquals(2, pems.size());
            for (Path p : pems) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                assertTrue(Files.readString(p).contains("PRIVATE KEY"));
            }
        }
    }

    @Test
    void http2OverAlpn() throws Exception {
        Certs.Pair local = Certs.make(certs, "localhost");
        Backend a = fx.backend("a");
        int port = Fixture.freePort();
        fx.router.apply("h2", Fixture.table(
                Fixture.tls(Fixture.site("site", port, List.of(), a), local.certificate(), local.key())));

        HttpClient client = HttpClient.newBuilder().sslContext(Certs.trusting(local)).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertEquals("a\n", r.body());
    }
}
