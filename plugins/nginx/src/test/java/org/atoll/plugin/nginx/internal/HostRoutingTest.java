package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.atoll.plugin.nginx.internal.Fixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Frontends sharing a listener are told apart by Host; default site, 404 and 503; forwarding headers. */
class HostRoutingTest {

    private static Fixture fixture;
    private static NginxRouter router;

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
    void twoFrontendsOnOneListenerAreRoutedByHostAndUnknownHostsGet404() {
        Backend a = fixture.backend("site-a");
        Backend b = fixture.backend("site-b");
        int port = freePort();
        router.apply("hosts", new RoutingTable(List.of(
                site("a", port, List.of("a.test", "www.a.test"), a),
                site("b", port, List.of("b.test", "*.b.test"), b))));
        assertEquals("site-a", Http.body(port, "a.test"));
        assertEquals("site-a", Http.body(port, "WWW.A.test"));
        assertEquals("site-b", Http.body(port, "b.test"));
        assertEquals("site-b", Http.body(port, "x.b.test:" + port));
        assertEquals(404, Http.get(port, "c.test", "/").status());
        assertEquals(404, Http.get(port, "127.0.0.1", "/").status());
    }

    @Test
    void aDefaultSiteTakesUnknownHostsAndAFrontendWithoutServersAnswers503() {
        Backend a = fixture.backend("named");
        Backend d = fixture.backend("fallback");
        int port = freePort();
        router.apply("default", new RoutingTable(List.of(
                site("named", port, List.of("a.test"), a),
                site("fallback", port, List.of(), d),
                site("empty", port, List.of("empty.test")))));
        assertEquals("named", Http.body(port, "a.test"));
        assertEquals("fallback", Http.body(port, "c.test"));
        assertEquals("fallback", Http.body(port, "127.0.0.1"));
        assertEquals(503, Http.get(port, "empty.test", "/").status());

        // the default site alone without servers: 503 for any host
        int other = freePort();
        router.apply("default", new RoutingTable(List.of(new Frontend("nothing", "127.0.0.1", other, List.of(), null,
                null, List.of(), Map.of()))));
        assertEquals(503, Http.get(other, "whatever.test", "/").status());
    }

    @Test
    void aFrontendWithoutAddressListensOnEveryAddressBesideOneOnASpecificAddress() throws Exception {
        Backend any = fixture.backend("any");
        Backend local = fixture.backend("local");
        int port = freePort();
        router.apply("every", new RoutingTable(List.of(
                new Frontend("any", null, port, List.of(), null, null, List.of(any.server()), Map.of()),
                new Frontend("local", "127.0.0.1", port, List.of(), null, null, List.of(local.server()), Map.of()))));
        assertEquals("local", Http.get("127.0.0.1", port, "x.test", "/").body());
        assertEquals("any", Http.get("127.0.0.2", port, "x.test", "/").body());
        if (Proxies.ipv6()) {
            assertEquals("any", Http.get("::1", port, "x.test", "/").body());
        }
    }

    @Test
    void requestsCarryForwardingHeadersAndLargeBodiesPassThrough() {
        Backend a = fixture.backend("echo");
        int port = freePort();
        router.apply("headers", new RoutingTable(List.of(site("echo", port, List.of("echo.test"), a))));
        assertEquals("xff=127.0.0.1 proto=http host=echo.test", Http.get(port, "echo.test", "/headers").body());
        // larger than nginx's in-memory body buffer: goes through temp/client_body, written by the workers
        byte[] body = new byte[3 << 20];
        Http.Response r = Http.post(port, "echo.test", "/size", body);
        assertEquals(200, r.status());
        assertEquals(Integer.toString(body.length), r.body());
    }
}
