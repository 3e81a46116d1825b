package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;

import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** removeServer stops the server; it deletes the directory only when asked to. */
class RemoveServerTest {

    private static Fixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void removeKeepsTheDataUnlessToldToDeleteIt() throws Exception {
        ServerStatus s = fx.server("removable", "127.0.0.1");
        fx.provider.ensureDatabase("removable", new DatabaseSpec("rm_user", "rm_db", "127.0.0.1/32"),
                Secret.of("rm-Pw-1"));
        String system;
        try (Connection c = fx.superuser("removable")) {
            system = Fixture.queryOne(c, "SELECT system_identifier FROM pg_control_system()");
        }
        long pid = fx.postmaster("removable").pid();

        fx.provider.removeServer("removable", false);
        assertFalse(Postmaster.exists(pid), "stopped");
        assertFalse(Files.exists(fx.dir("removable").pidFile()), "a clean shutdown");
        assertTrue(fx.dir("removable").initialised(), "the data is kept");
        assertEquals(new ServerStatus("removable", false, "127.0.0.1", s.port(), "stopped"),
                fx.provider.servers().get(0));
        fx.provider.removeServer("removable", false);

        assertEquals(s, fx.provider.ensureServer(new ServerSpec("removable", "node1", "127.0.0.1", s.port())));
        try (Connection c = Fixture.connect("127.0.0.1", s.port(), "rm_db", "rm_user", "rm-Pw-1")) {
            assertEquals("rm_db", Fixture.queryOne(c, "SELECT current_database()"));
        }
        try (Connection c = fx.superuser("removable")) {
            assertEquals(system, Fixture.queryOne(c, "SELECT system_identifier FROM pg_control_system()"));
        }

        long again = fx.postmaster("removable").pid();
        fx.provider.removeServer("removable", true);
        assertFalse(Postmaster.exists(again));
        assertFalse(Files.exists(fx.dir("removable").root()), "deleted");
        assertTrue(fx.provider.servers().isEmpty());
        fx.provider.removeServer("removable", true);
    }

    @Test
    void aNewAddressRestartsTheServerOnIt() throws Exception {
        ServerStatus s = fx.server("moving", "127.0.0.1");
        long pid = fx.postmaster("moving").pid();
        int port = Fixture.freePort();
        ServerStatus moved = fx.provider.ensureServer(new ServerSpec("moving", "node1", "127.0.0.1", port));
        assertEquals(new ServerStatus("moving", true, "127.0.0.1", port, ""), moved);
        assertFalse(Postmaster.exists(pid));
        assertEquals(port, fx.postmaster("moving").port());
        assertEquals(1, fx.postmasters("moving"));
        assertTrue(s.port() != port);
        fx.provider.removeServer("moving", true);
    }

    @Test
    void anAddressNotOnThisHostIsARetryableFailureAndLeavesNothingRunning() throws Exception {
        org.atoll.spi.ProviderException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.atoll.spi.ProviderException.class, () -> fx.server("nowhere", "192.0.2.77"));
        assertTrue(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().contains("192.0.2.77"), e.getMessage());
        assertEquals(0, fx.postmasters("nowhere"));
        fx.provider.removeServer("nowhere", true);
    }
}
