package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.Test;

/** The allow-lists and the listener rules, without a daemon. */
class TableCheckTest {

    @Test
    void addressesAreParsedStrictly() {
        assertEquals("::1", Checks.address("f", "0:0:0:0:0:0:0:1").text());
        assertEquals("2001:db8::1:0:0:1", Checks.address("f", "2001:DB8:0:0:1:0:0:1").text());
        assertEquals("[fe80::1]", Checks.address("f", "fe80::1").rendered());
        assertEquals("10.0.0.1", Checks.address("f", "10.0.0.1").text());
        assertEquals("backend.internal", Checks.address("f", "Backend.Internal").text());
        for (String bad : List.of("256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "fe80::1%eth0", "[::1]", "::g",
                "999.1.1.1", "a..b", "-a.b", "a_b.c", "1.2.3.4:80")) {
            assertThrows(ProviderException.class, () -> Checks.address("f", bad), bad);
        }
    }

    @Test
    void hostnamesAndResolvers() {
        assertEquals("*.example.com", Checks.hostname("h", "*.Example.COM"));
        for (String bad : List.of("*", "*.", "a.*.b", "**.a", "a b", "é.example", "a".repeat(64) + ".b")) {
            assertThrows(ProviderException.class, () -> Checks.hostname("h", bad), bad);
        }
        assertEquals("10.0.0.2:53", Checks.resolver("r", "10.0.0.2"));
        assertEquals("10.0.0.2:5353", Checks.resolver("r", "10.0.0.2:5353"));
        assertEquals("[::1]:53", Checks.resolver("r", "::1"));
        assertEquals("[::1]:5353", Checks.resolver("r", "[::1]:5353"));
        for (String bad : List.of("dns.example", "10.0.0.2:0", "10.0.0.2:x", "[::1]x", "10.0.0.2:53:53")) {
            assertThrows(ProviderException.class, () -> Checks.resolver("r", bad), bad);
        }
    }

    @Test
    void listenerRules() {
        Frontend a = site("a", null, 80, List.of("a.example"));
        refused("frontends[b].hostnames", table(site("x", null, 80, List.of()), site("b", null, 80, List.of())));
        refused("frontends[b].hostnames[0]", table(a, site("b", null, 80, List.of("A.example"))));
        refused("frontends[a].name", table(a, site("a", null, 81, List.of())));
        refused("frontends[c].address", table(a, site("c", "127.0.0.1", 80, List.of("c.example"))));
        refused("frontends[a].backends[1].name", table(new Frontend("a", 80, List.of(), null, null,
                List.of(new BackendServer("s", "10.0.0.1", 80), new BackendServer("s", "10.0.0.2", 80)), Map.of())));
        refused("frontends[t].tls", table(a, new Frontend("t", 80, List.of("t.example"), null,
                new org.atoll.api.model.TlsSpec(null, null, true), List.of(), Map.of())));
        Plan p = TableCheck.check(table(a, site("b", null, 80, List.of("b.example")), site("c", "127.0.0.1", 81,
                List.of())));
        assertEquals(2, p.listeners().size());
        assertEquals(2, p.listeners().get(0).sites().size());
    }

    @Test
    void ha1IsComputedAndNoPasswordIsKept() {
        Frontend f = new Frontend("a", 80, List.of("Realm.Example"), null, null, List.of(), Map.of("u", "p"));
        Plan.Site s = TableCheck.check(table(f)).listeners().get(0).sites().get(0);
        assertEquals("realm.example", s.realm());
        assertEquals(DigestAuthTest.hex("MD5", "u:realm.example:p"), s.ha1().get("u"));
        assertFalse(s.toString().contains(s.ha1().get("u")));
    }

    private static void refused(String field, RoutingTable t) {
        ProviderException e = assertThrows(ProviderException.class, () -> TableCheck.check(t));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }

    private static Frontend site(String name, String address, int port, List<String> hosts) {
        return new Frontend(name, address, port, hosts, null, null, List.of(new BackendServer("s", "10.0.0.1", 80)),
                Map.of());
    }

    private static RoutingTable table(Frontend... f) {
        return new RoutingTable(List.of(f));
    }
}
