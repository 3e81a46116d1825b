package org.atoll.kernel.internal.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    static final java.util.List<String> CORPUS = HostileInputs.CORPUS;

    @ParameterizedTest
    @FieldSource("CORPUS")
    void hostileValuesAreNeverNames(String value) {
        assertNotNull(Names.name(value));
        assertNotNull(Names.image(value));
        assertNotNull(Names.host(value));
        assertNotNull(Names.ip(value));
        assertNotNull(Names.cidr(value));
        assertNotNull(Names.sqlIdentifier(value));
        assertNotNull(Names.envKey(value));
    }

    @ParameterizedTest
    @FieldSource("CORPUS")
    void hostilePathsAreRefused(String value) {
        assertNotNull(Names.absolutePath(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "a", "foo-redis", "x1", "a-b-c"})
    void goodNames(String value) {
        assertNull(Names.name(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Web", "1a", "-a", "a-", "a_b", "a.b", "a/b"})
    void badNames(String value) {
        assertNotNull(Names.name(value));
    }

    @Test
    void nameLengthLimitIs63() {
        assertNull(Names.name("a".repeat(63)));
        assertNotNull(Names.name("a".repeat(64)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local/web:1", "busybox", "registry.example.com:5000/team/app:v1.2",
            "redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "rock77/redis"})
    void goodImages(String value) {
        assertNull(Names.image(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Local/Web", "web:", ":1", "a//b", "web:1 --privileged", "web@sha256:xyz"})
    void badImages(String value) {
        assertNotNull(Names.image(value));
    }

    @Test
    void addresses() {
        assertNull(Names.ip("10.0.4.10"));
        assertNull(Names.ip("::1"));
        assertNull(Names.ip("fe80::1:2"));
        assertNotNull(Names.ip("256.1.1.1"));
        assertNotNull(Names.ip("1.2.3"));
        assertNotNull(Names.ip("1::2::3"));
        assertNull(Names.host("db.example.org"));
        assertNotNull(Names.host("999.1.1.1"));
        assertNull(Names.cidr("10.0.4.0/24"));
        assertNotNull(Names.cidr("10.0.4.0/33"));
        assertNotNull(Names.cidr("10.0.4.0"));
    }

    @Test
    void paths() {
        assertNull(Names.absolutePath("/srv/redis"));
        assertNull(Names.absolutePath("/"));
        assertNotNull(Names.absolutePath("srv"));
        assertNotNull(Names.absolutePath("/srv/./x"));
    }

    @Test
    void quoteEscapesControlCharactersAndTruncates() {
        String q = Names.quote("a\nb\u2028" + "x".repeat(100));
        assertFalse(q.contains("\n"));
        assertFalse(q.contains("\u2028"));
        assertTrue(q.contains("\\u000a"));
        assertTrue(q.endsWith("…(104 characters)\""), q);
        assertEquals("null", Names.quote(null));
    }
}
