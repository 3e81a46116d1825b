package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Servers outlive the provider and the JVM: a new provider adopts a running server, a server whose JVM was
 * killed with SIGKILL keeps serving, and a stale postmaster.pid (the postmaster died) leads to a restart on the
 * same data, never to a new initdb.
 */
class AdoptionTest {

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
    void aNewProviderAdoptsTheRunningServer() throws Exception {
        ServerStatus s = fx.server("adopt", "127.0.0.1");
        DatabaseSpec keep = new DatabaseSpec("keep_user", "keep_db", "127.0.0.1/32");
        fx.provider.ensureDatabase("adopt", keep, Secret.of("keep-Pw-1"));
        try (Connection c = Fixture.connect("127.0.0.1", s.port(), "keep_db", "keep_user", "keep-Pw-1")) {
            Fixture.execute(c, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before')");
        }
        long pid = fx.postmaster("adopt").pid();
        String system = systemIdentifier("adopt");

        fx.provider.close();
        assertTrue(Postmaster.isPostmasterOf(pid, fx.dir("adopt").data()), "deactivation leaves servers running");

        PostgresqlProvisioner restarted = fx.newProvider();
        assertTrue(restarted.servers().contains(s), restarted.servers().toString());
        assertEquals(s, restarted.ensureServer(new ServerSpec("adopt", "node1", "127.0.0.1", s.port())));
        assertEquals(pid, fx.postmaster("adopt").pid(), "adopted, not restarted");
        assertEquals(1, fx.postmasters("adopt"));
        assertEquals(system, systemIdentifier("adopt"));
        restarted.ensureDatabase("adopt", keep, Secret.of("keep-Pw-1"));
        try (Connection c = Fixture.connect("127.0.0.1", s.port(), "keep_db", "keep_user", "keep-Pw-1")) {
            assertEquals("before", Fixture.queryOne(c, "SELECT v FROM kept"));
        }
    }

    @Test
    void aStalePidFileLeadsToARestartOnTheSameData() throws Exception {
        ServerStatus s = fx.server("stale", "127.0.0.1");
        fx.provider.ensureDatabase("stale", new DatabaseSpec("st_user", "st_db", "127.0.0.1/32"), Secret.of("st-Pw-1"));
        try (Connection c = Fixture.connect("127.0.0.1", s.port(), "st_db", "st_user", "st-Pw-1")) {
            Fixture.execute(c, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before crash')");
        }
        String system = systemIdentifier("stale");
        long pid = fx.postmaster("stale").pid();
        Fixture.killAndWait(pid, Postmaster.children(pid));
        assertTrue(Files.exists(fx.dir("stale").pidFile()), "the dead postmaster left its pid file");
        ServerStatus seen = fx.provider.servers().stream().filter(x -> x.name().equals("stale")).findFirst()
                .orElseThrow();
        assertFalse(seen.running());
        assertTrue(seen.message().contains("stale"), seen.message());

        PostgresqlProvisioner restarted = fx.newProvider();
        assertEquals(s, restarted.ensureServer(new ServerSpec("stale", "node1", "127.0.0.1", s.port())));
        assertNotEquals(pid, fx.postmaster("stale").pid());
        assertEquals(system, systemIdentifier("stale"), "the same cluster, not a new initdb");
        try (Connection c = Fixture.connect("127.0.0.1", s.port(), "st_db", "st_user", "st-Pw-1")) {
            assertEquals("before crash", Fixture.queryOne(c, "SELECT v FROM kept"));
        }
    }

    @Test
    void theServerSurvivesAKillNineOfItsJvm() throws Exception {
        int port = Fixture.freePort();
        Path out = Files.createTempFile("atoll-child-jvm", ".out");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ChildJvm.class.getName(), fx.base.toString(), Fixture.BIN.toString(), "orphan", Integer.toString(port));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Waits.until(Duration.ofSeconds(60), "the child JVM started its server", () -> {
                try {
                    return Files.readString(out).contains("READY true") || !child.isAlive();
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertTrue(child.isAlive(), Files.readString(out));
            long pid = fx.postmaster("orphan").pid();
            assertNotEquals(session(child.pid()), session(pid), "the server runs in a session of its own");
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");

            assertTrue(fx.postmaster("orphan").alive());
            try (Connection c = fx.superuser("orphan")) {
                assertEquals("1", Fixture.queryOne(c, "SELECT 1"));
            }
            assertEquals(new ServerStatus("orphan", true, "127.0.0.1", port, ""),
                    fx.provider.ensureServer(new ServerSpec("orphan", "node1", "127.0.0.1", port)));
            assertEquals(pid, fx.postmaster("orphan").pid(), "adopted after the JVM died");
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    @Test
    void anInterruptedInitdbIsRedoneButForeignFilesAreNeverInitialisedOver() throws Exception {
        Path staging = fx.base.resolve("half").resolve("data.initdb");
        Files.createDirectories(staging.resolve("base"));
        Files.writeString(staging.resolve("PG_VERSION"), "15\n");
        assertTrue(fx.server("half", "127.0.0.1").running());
        assertFalse(Files.exists(staging));
        assertTrue(fx.dir("half").initialised());

        Path foreign = fx.base.resolve("foreign").resolve("data");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("precious.txt"), "not Atoll's");
        org.atoll.spi.ProviderException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.atoll.spi.ProviderException.class, () -> fx.server("foreign", "127.0.0.1"));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("never initialises over existing files"), e.getMessage());
        assertEquals("not Atoll's", Files.readString(foreign.resolve("precious.txt")));
    }

    /** Field 6 of /proc/PID/stat: the session id. */
    private static String session(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
    }

    private static String systemIdentifier(String server) throws Exception {
        try (Connection c = fx.superuser(server)) {
            return Fixture.queryOne(c, "SELECT system_identifier FROM pg_control_system()");
        }
    }
}
