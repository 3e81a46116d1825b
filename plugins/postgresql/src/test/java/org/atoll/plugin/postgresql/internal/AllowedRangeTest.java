package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pg_hba.conf enforced for real clients: psql in two network namespaces (10.77.51.2 and 10.77.51.130) against a
 * server listening on the host's 10.77.51.1.
 */
class AllowedRangeTest {

    private static Netns net;
    private static Fixture fx;
    private static ServerStatus server;

    @BeforeAll
    static void start() throws Exception {
        Fixture.requireBinaries();
        net = Netns.create();
        fx = Fixture.create();
        server = fx.server("ranges", Netns.HOST);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (fx != null) {
                fx.close();
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    @Test
    void theAllowedRangeDecidesWhoConnects() throws Exception {
        assertTrue(server.running());
        assertEquals(Netns.HOST, server.address());
        int port = server.port();
        String pw = "range-Pw-7";

        fx.provider.ensureDatabase("ranges", new DatabaseSpec("net_user", "net_db", "10.77.51.0/24"), Secret.of(pw));
        Netns.Result low = net.psql(net.nsLow, port, "net_user", "net_db", pw, "select inet_client_addr()");
        assertEquals(0, low.exit(), low.output());
        assertEquals(Netns.LOW, low.output());
        Netns.Result high = net.psql(net.nsHigh, port, "net_user", "net_db", pw, "select inet_client_addr()");
        assertEquals(0, high.exit(), high.output());
        assertEquals(Netns.HIGH, high.output());

        Path out = Files.createTempFile("atoll-psql", ".out");
        Process session = net.psqlInBackground(net.nsLow, port, "net_user", "net_db", pw, "select pg_sleep(60)", out);
        try (Connection su = fx.superuser("ranges")) {
            Waits.until(Duration.ofSeconds(10), "the session from " + Netns.LOW + " is open", () -> {
                try {
                    return "1".equals(Fixture.queryOne(su, "SELECT count(*) FROM pg_stat_activity "
                            + "WHERE usename = 'net_user' AND client_addr = '" + Netns.LOW + "'"));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        fx.provider.ensureDatabase("ranges", new DatabaseSpec("net_user", "net_db", "10.77.51.128/25"), Secret.of(pw));
        try {
            assertTrue(session.waitFor(10, TimeUnit.SECONDS), "the session from outside the new range was ended");
            assertNotEquals(0, session.exitValue());
            assertTrue(Files.readString(out).contains("terminating connection due to administrator command"),
                    Files.readString(out));
        } finally {
            session.destroyForcibly();
            Files.deleteIfExists(out);
        }
        low = net.psql(net.nsLow, port, "net_user", "net_db", pw, "select 1");
        assertNotEquals(0, low.exit(), low.output());
        assertTrue(low.output().contains("no pg_hba.conf entry for host \"" + Netns.LOW + "\""), low.output());
        high = net.psql(net.nsHigh, port, "net_user", "net_db", pw, "select inet_client_addr()");
        assertEquals(0, high.exit(), high.output());
        assertEquals(Netns.HIGH, high.output());
    }

    @Test
    void theSuperuserIsNeverReachableFromOutside() throws Exception {
        Netns.Result r = net.psql(net.nsHigh, server.port(), Fixture.OS_USER, "postgres",
                fx.superuserPassword("ranges"), "select 1");
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("no pg_hba.conf entry"), r.output());
    }
}
