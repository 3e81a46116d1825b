package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.atoll.spi.routing.ApplyResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Frontends sharing one listener are told apart by Host; the default site; 404; 503; forwarded headers. */
class HostRoutingTest {

    private static Fixture fx;

    @BeforeAll
    static void start() throws IOException {
        fx = new Fixture();
    }

    @AfterAll
    static void stop() throws IOException {
        fx.close();
    }

    @Test
    void routesByHostAcrossFrontendsOfOneListener() throws IOException {
        Backend a = fx.backend("a");
        Backend b = fx.backend("b");
        int port = Fixture.freePort();
        ApplyResult r = fx.router.apply("hosts", Fixture.table(
                Fixture.site("alpha", port, List.of("alpha.example", "www.alpha.example"), a),
                Fixture.site("beta", port, List.of("beta.example", "*.beta.example"), b)));
        assertTrue(r.changed(), r.toString());

        assertEquals("a", Http.get(port, "alpha.example", "/").server());
        assertEquals("a", Http.get(port, "WWW.Alpha.Example:" + port, "/").server());
        assertEquals("b", Http.get(port, "beta.example", "/").server());
        assertEquals("b", Http.get(port, "x.y.beta.example", "/").server());
        Http.Response unknown = Http.get(port, "gamma.example", "/");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals(404, Http.get(port, "alpha.example.evil", "/").status());
        assertEquals(404, Http.get(port, "beta.example.evil", "/").status());
    }

    @Test
    void defaultSiteTakesUnknownHostsAndEmptyBackendsAnswer503() throws IOException {
        Backend a = fx.backend("a");
        Backend d = fx.backend("d");
        int port = Fixture.freePort();
        fx.router.apply("default", Fixture.table(
                Fixture.site("alpha", port, List.of("alpha.example"), a),
                Fixture.site("fallback", port, List.of(), d),
                Fixture.site("empty", port, List.of("empty.example"))));

        assertEquals("a", Http.get(port, "alpha.example", "/").server());
        assertEquals("d", Http.get(port, "unknown.example", "/").server());
        assertEquals("d", Http.get(port, "127.0.0.1:" + port, "/").server());
        assertEquals(503, Http.get(port, "empty.example", "/").status());
    }

    @Test
    void setsForwardedHeaders() throws IOException {
        Backend a = fx.backend("a");
        int port = Fixture.freePort();
        fx.router.apply("forwarded", Fixture.table(Fixture.site("alpha", port, List.of(), a)));

        Http.Response r = Http.get(port, "x", "/", java.util.Map.of("X-Forwarded-For", "6.6.6.6",
                "X-Forwarded-Proto", "https"));
        assertEquals(200, r.status());
        assertEquals("127.0.0.1", a.header("X-Forwarded-For"));
        assertEquals("http", a.header("X-Forwarded-Proto"));
    }

    @Test
    void threadsAndServersGivenByNameThroughResolvers() throws IOException {
        Backend a = fx.backend("a");
        int port = Fixture.freePort();
        org.atoll.spi.routing.Frontend f = new org.atoll.spi.routing.Frontend("named", "127.0.0.1", port, List.of(),
                null, null, List.of(new org.atoll.spi.routing.BackendServer("a", "localhost", a.port())),
                java.util.Map.of());
        fx.router.apply("named", new org.atoll.spi.routing.RoutingTable(List.of(f), 2, List.of("127.0.0.1:5353")));

        String config = new String(fx.config("named"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(config.contains("    nbthread 2\n"), config);
        assertTrue(config.contains("resolvers atoll\n    nameserver ns0 127.0.0.1:5353\n"), config);
        assertTrue(config.contains("server a localhost:" + a.port() + " " + Renderer.SERVER_OPTIONS
                + " resolvers atoll resolve-prefer ipv4 init-addr last,libc,none"), config);
        assertEquals("a", Http.get(port, "x", "/").server(), "resolved at start by the host's resolver");
    }

    @Test
    void ipv6AndEveryAddress() throws IOException {
        Backend a = fx.backend("a");
        Backend b = fx.backend("b");
        int v6 = Fixture.freePort();
        int any = Fixture.freePort();
        org.atoll.spi.routing.Frontend six = new org.atoll.spi.routing.Frontend("six", "0:0::1", v6, List.of(), null,
                null, List.of(a.server()), java.util.Map.of());
        org.atoll.spi.routing.Frontend all = new org.atoll.spi.routing.Frontend("all", null, any, List.of(), null,
                null, List.of(b.server()), java.util.Map.of());
        fx.router.apply("v6", Fixture.table(six, all));

        assertTrue(new String(fx.config("v6"), java.nio.charset.StandardCharsets.UTF_8).contains("bind [::1]:" + v6));
        assertEquals("a", Http.get("::1", v6, "x", "/", java.util.Map.of()).server());
        assertEquals("b", Http.get("::1", any, "x", "/", java.util.Map.of()).server());
        assertEquals("b", Http.get("127.0.0.1", any, "x", "/", java.util.Map.of()).server());
    }
}
