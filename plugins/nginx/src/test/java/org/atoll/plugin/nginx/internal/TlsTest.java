package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.atoll.plugin.nginx.internal.Fixture.site;
import static org.atoll.plugin.nginx.internal.Fixture.tlsSite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with openssl-made certificates: SNI picks the site and its certificate; HTTP/2 is negotiated. */
class TlsTest {

    private static Fixture fixture;
    private static NginxRouter router;

    @TempDir
    static Path certs;

    @BeforeAll
    static void start() {
        fixture = new Fixture();
        router = fixture.router();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void sniPicksTheSiteAndItsCertificate() throws Exception {
        Path[] one = Certs.make(certs, "one.test");
        Path[] two = Certs.make(certs, "two.test");
        Backend a = fixture.backend("tls-one");
        Backend b = fixture.backend("tls-two");
        int port = freePort();
        router.apply("sni", new RoutingTable(List.of(
                tlsSite("one", port, List.of("one.test"), one, a),
                tlsSite("two", port, List.of("two.test"), two, b))));
        SSLContext trust = Certs.trusting(one[0], two[0]);

        Http.Response r1 = Http.tls(trust, port, "one.test", "/");
        assertEquals("tls-one", r1.body());
        assertEquals(Certs.load(one[0]), r1.peer());
        Http.Response r2 = Http.tls(trust, port, "two.test", "/headers");
        assertEquals("xff=127.0.0.1 proto=https host=two.test", r2.body());
        assertEquals(Certs.load(two[0]), r2.peer());
        // no site for this name: the listener's first certificate, and 404
        Http.Response r3 = Http.tls(trust, port, "three.test", "/");
        assertEquals(404, r3.status());
        assertEquals(Certs.load(one[0]), r3.peer());
        // a client that trusts only the other certificate refuses the connection
        assertThrows(UncheckedIOException.class, () -> Http.tls(Certs.trusting(two[0]), port, "one.test", "/"));

        // the proxy holds private copies: mode 0600, named by digest, referenced relatively
        Path copies = fixture.root().resolve("sni").resolve("certs");
        try (Stream<Path> files = Files.list(copies)) {
            List<Path> all = files.toList();
            assertEquals(4, all.size(), all.toString());
            for (Path p : all) {
                assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(p));
            }
        }
        String conf = new String(fixture.confBytes("sni"));
        assertFalse(conf.contains(certs.toString()), "the configuration references only the proxy's copies");
        assertTrue(conf.contains("listen 127.0.0.1:" + port + " ssl http2"));

        // a new certificate for one site: reloaded, served, and the unused copy deleted
        Path[] renewed = Certs.make(Files.createDirectories(certs.resolve("renewed")), "one.test");
        router.apply("sni", new RoutingTable(List.of(
                tlsSite("one", port, List.of("one.test"), renewed, a),
                tlsSite("two", port, List.of("two.test"), two, b))));
        assertEquals(Certs.load(renewed[0]), Http.tls(Certs.trusting(renewed[0]), port, "one.test", "/").peer());
        try (Stream<Path> files = Files.list(copies)) {
            assertEquals(4, files.count());
        }
    }

    @Test
    void anHttp2ClientNegotiatesH2() throws Exception {
        Path[] local = Certs.make(Files.createDirectories(certs.resolve("h2")), "localhost");
        Backend a = fixture.backend("h2-site");
        int port = freePort();
        router.apply("h2", new RoutingTable(List.of(tlsSite("web", port, List.of("localhost"), local, a))));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(Certs.trusting(local[0])).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("h2-site", r.body());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertTrue(router.capabilities().containsAll(Set.of(NginxRouter.CAP_TLS, NginxRouter.CAP_HTTP2)));
    }

    @Test
    void tlsAndPlainFrontendsCannotShareAListener() throws Exception {
        Path[] c = Certs.make(Files.createDirectories(certs.resolve("mix")), "mix.test");
        int port = freePort();
        Backend a = fixture.backend("mix");
        ProviderException e = assertThrows(ProviderException.class, () -> router.apply("mix", new RoutingTable(List.of(
                tlsSite("secure", port, List.of("s.test"), c, a),
                site("plain", port, List.of("p.test"), a)))));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("frontends[plain].tls: "), e.getMessage());
        assertFalse(Files.exists(fixture.root().resolve("mix")));
    }
}
