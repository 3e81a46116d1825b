package org.atoll.plugin.nginx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.atoll.spi.ProviderException;
import org.junit.jupiter.api.Test;

/** The allow-lists on their own: what passes, what does not, and how refusals read. */
class ValuesTest {

    @Test
    void ipv6LiteralsAreParsedStrictly() {
        for (String ok : new String[] {"::", "::1", "fe80::1", "2001:db8::8:800:200c:417a", "1:2:3:4:5:6:7:8",
                "::ffff:192.0.2.1", "1::", "1:2:3:4:5:6:7::"}) {
            assertTrue(Values.isIpv6(ok), ok);
        }
        for (String bad : new String[] {":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::",
                "fe80::1%eth0", "[::1]", "::g", "1:2:3:4:5:6:7", "::ffff:300.0.0.1", "::1.2.3", ":1::", "1::2:"}) {
            assertFalse(Values.isIpv6(bad), bad);
        }
    }

    @Test
    void addressesAreIpLiteralsOrDnsNames() {
        assertEquals(Address.Kind.IPV4, Values.address("f", "10.0.0.1").kind());
        assertEquals(Address.Kind.IPV6, Values.address("f", "::1").kind());
        assertEquals("[::1]:80", Values.address("f", "::1").withPort(80));
        assertEquals(Address.Kind.NAME, Values.address("f", "Backend-1.Example.com").kind());
        assertEquals("backend-1.example.com", Values.address("f", "Backend-1.Example.com").text());
        assertEquals(Values.address("f", "0::1").canonical(), Values.address("f", "::1").canonical());
        assertTrue(Values.address("f", "::").wildcard());
        assertTrue(Values.address("f", "0.0.0.0").wildcard());
        for (String bad : new String[] {"010.0.0.1", "256.1.1.1", "1.2.3", "1.2.3.4.5", "-a.example", "a..b",
                "a_b.example", "1.2.3.999", "x." + "a".repeat(64), "a.".repeat(127) + "aa"}) {
            ProviderException e = assertThrows(ProviderException.class, () -> Values.address("frontends[x].address",
                    bad), bad);
            assertTrue(e.getMessage().startsWith("frontends[x].address: '"), e.getMessage());
            assertFalse(e.retryable());
        }
    }

    @Test
    void hostnamesMayStartWithAWildcardLabel() {
        assertEquals("*.example.com", Values.hostname("h", "*.Example.com", true));
        assertThrows(ProviderException.class, () -> Values.hostname("h", "*.example.com", false));
        assertThrows(ProviderException.class, () -> Values.hostname("h", "a.*.example.com", true));
        assertThrows(ProviderException.class, () -> Values.hostname("h", "*", true));
        assertThrows(ProviderException.class, () -> Values.hostname("h", "~^regex$", true));
        String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
        assertEquals(253, longest.length());
        assertEquals(longest, Values.hostname("h", longest, false));
        assertThrows(ProviderException.class, () -> Values.hostname("h", longest + "a", false));
    }

    @Test
    void resolversAreIpWithAnOptionalPort() {
        assertEquals("10.0.0.2", Values.resolver("r", "10.0.0.2"));
        assertEquals("10.0.0.2:5353", Values.resolver("r", "10.0.0.2:5353"));
        assertEquals("[::1]", Values.resolver("r", "::1"));
        assertEquals("[fd00::53]:53", Values.resolver("r", "[fd00::53]:53"));
        for (String bad : new String[] {"dns.example", "10.0.0.2:0", "10.0.0.2:65536", "10.0.0.2:", "10.0.0.2:053",
                "[10.0.0.2]:53", "[::1]", "::1:53:", "10.0.0.2 valid=1s", "10.0.0.2:53:53"}) {
            assertThrows(ProviderException.class, () -> Values.resolver("resolvers[0]", bad), bad);
        }
    }

    @Test
    void pathsAreAbsolutePlainAndWithoutParentSegments() {
        assertEquals("/etc/ssl/a.pem", Values.path("p", "/etc/ssl/a.pem"));
        for (String bad : new String[] {"etc/a.pem", "/etc/../a.pem", "/etc/..", "/a b", "/a%20b", "/é",
                "/" + "a".repeat(Values.MAX_PATH)}) {
            assertThrows(ProviderException.class, () -> Values.path("p", bad), bad);
        }
    }

    @Test
    void refusalsShowTheValueEscapedAndShortened() {
        assertEquals("'a\\u000ab'", Values.quoted("a\nb"));
        assertEquals("'" + "x".repeat(64) + "'...(100 characters)", Values.quoted("x".repeat(100)));
        assertEquals("(none)", Values.quoted(null));
    }
}
