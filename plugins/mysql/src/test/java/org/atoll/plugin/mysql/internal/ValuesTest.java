package org.atoll.plugin.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import org.atoll.spi.ProviderException;
import org.junit.jupiter.api.Test;

/** Ranges, bind addresses, quoting and redaction, without a server. */
class ValuesTest {

    @Test
    void cidrsBecomeMariadbHostSpecs() {
        assertEquals("172.17.0.0/255.255.0.0", HostRange.parse("172.17.0.0/16").accountHost());
        assertEquals("10.77.41.128/255.255.255.128", HostRange.parse("10.77.41.128/25").accountHost());
        assertEquals("10.77.41.0/255.255.255.0", HostRange.parse("10.77.41.99/24").accountHost(), "host bits cleared");
        assertEquals("10.1.2.3", HostRange.parse("10.1.2.3/32").accountHost());
        assertEquals("%", HostRange.parse("0.0.0.0/0").accountHost());
        assertEquals("128.0.0.0/128.0.0.0", HostRange.parse("200.1.1.1/1").accountHost());
        assertEquals("10.0.0.0/255.255.255.254", HostRange.parse("10.0.0.1/31").accountHost());
    }

    @Test
    void rangesContainWhatTheySay() throws Exception {
        HostRange r = HostRange.parse("10.77.41.128/25");
        assertTrue(r.contains(InetAddress.getByName("10.77.41.130")));
        assertTrue(r.contains(InetAddress.getByName("10.77.41.255")));
        assertFalse(r.contains(InetAddress.getByName("10.77.41.2")));
        assertFalse(r.contains(InetAddress.getByName("::1")));
        assertTrue(HostRange.parse("0.0.0.0/0").contains(InetAddress.getByName("1.2.3.4")));
    }

    @Test
    void theServerAlsoListensOnLoopbackForItsAdmin() {
        assertEquals("10.0.0.5,127.0.0.1", Mariadbd.bindAddresses(Names.address("10.0.0.5")));
        assertEquals("127.0.0.1", Mariadbd.bindAddresses(Names.address("127.0.0.1")));
        assertEquals("0.0.0.0", Mariadbd.bindAddresses(Names.address("0.0.0.0")));
        assertEquals("0:0:0:0:0:0:0:1,127.0.0.1", Mariadbd.bindAddresses(Names.address("::1")));
    }

    @Test
    void identifiersAreQuotedOnlyWhenSafe() {
        assertEquals("`app_db`", Names.quote("app_db"));
        assertThrows(ProviderException.class, () -> Names.quote("a`b"));
        assertEquals("_x9", Names.user("_x9"));
        assertEquals("x".repeat(63), Names.database("x".repeat(63)));
        assertEquals("'a\\u0000b\\u00e9'", Names.quoted("a\u0000b\u00e9"));
        assertTrue(Names.quoted("y".repeat(500)).length() < 100);
    }

    @Test
    void secretsAreBlankedOutOfServerMessagesRawOrEscaped() {
        String secret = "p'w\\x";
        String echoed = "You have an error near 'p\\'w\\\\x' at line 1 and p''w\\x and p'w\\x";
        String m = Failures.describe(new SQLException(echoed, "42000", 1064), secret);
        assertFalse(m.contains("p'w"), m);
        assertFalse(m.contains("p\\'w"), m);
        assertTrue(m.contains("[1064/42000]"), m);
        assertFalse(Failures.sql("x", new SQLException("Access denied", "28000", 1045)).retryable());
        assertTrue(Failures.sql("x", new SQLNonTransientConnectionException("gone", "08000", 0)).retryable());
        assertTrue(Failures.sql("x", new SQLException("deadlock", "40001", 1213)).retryable());
        assertFalse(Failures.sql("x", new SQLException("syntax", "42000", 1064)).retryable());
    }
}
