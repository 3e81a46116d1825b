package org.atoll.plugin.mysql.internal;

import static org.atoll.plugin.mysql.internal.MariaDb.connect;
import static org.atoll.plugin.mysql.internal.MariaDb.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** After a kernel restart, a crash of the server, or a kill -9 of the JVM: adopt, restart, never re-initialise. */
class AdoptionTest {

    private static MariaDb db;

    @BeforeAll
    static void start() {
        db = new MariaDb();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** A server with a table holding one row, created through the first provider instance. */
    private static String serverWithData(MysqlProvisioner p, int port) throws Exception {
        String name = MariaDb.unique("adopt");
        p.ensureServer(MariaDb.loopback(name, port));
        p.ensureDatabase(name, new DatabaseSpec("keep_user", "keep_db", "127.0.0.1/32"), Secret.of("keep-pw"));
        try (Connection c = connect(port, "keep_user", "keep-pw", "keep_db"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v VARCHAR(20))");
            s.execute("INSERT INTO kept VALUES ('before')");
        }
        return name;
    }

    private static void assertDataIntact(int port) throws Exception {
        try (Connection c = connect(port, "keep_user", "keep-pw", "keep_db")) {
            assertEquals(List.of("before"), strings(c, "SELECT v FROM kept"));
        }
    }

    @Test
    void aNewProviderInstanceAdoptsTheRunningServer() throws Exception {
        int port = MariaDb.freePort();
        String name = serverWithData(db.provider(), port);
        long pid = db.pid(name);
        String admin = db.adminPassword(name);

        MysqlProvisioner restarted = db.provider();
        assertTrue(MariaDb.statusOf(restarted, name).running());
        restarted.ensureServer(MariaDb.loopback(name, port));
        assertEquals(pid, db.pid(name), "adopted, not restarted");
        assertEquals(admin, db.adminPassword(name));
        assertDataIntact(port);
        restarted.ensureDatabase(name, new DatabaseSpec("more_user", "more_db", "127.0.0.1/32"), Secret.of("more"));
        try (Connection c = connect(port, "more_user", "more", "more_db")) {
            assertTrue(c.isValid(5));
        }
    }

    @Test
    void aStalePidFileRestartsTheServerWithoutReinitialising() throws Exception {
        MysqlProvisioner p = db.provider();
        int port = MariaDb.freePort();
        String name = serverWithData(p, port);
        ServerHome h = db.home(name);
        long pid = db.pid(name);
        String admin = db.adminPassword(name);
        FileTime installed = Files.getLastModifiedTime(h.installLog());

        Procs.signal(pid, true); // the server crashes: its pid file stays behind
        Waits.until(Duration.ofSeconds(10), "process " + pid + " gone", () -> !Procs.alive(pid));
        assertTrue(Files.exists(h.pidFile()));
        assertFalse(MariaDb.statusOf(p, name).running());
        assertTrue(MariaDb.statusOf(p, name).message().contains("stale pid file"), MariaDb.statusOf(p, name).message());

        MysqlProvisioner restarted = db.provider();
        restarted.ensureServer(MariaDb.loopback(name, port));
        assertNotEquals(pid, db.pid(name));
        assertEquals(admin, db.adminPassword(name));
        assertEquals(installed, Files.getLastModifiedTime(h.installLog()), "mariadb-install-db ran again");
        assertDataIntact(port);
    }

    @Test
    void aPidFileNamingSomeoneElsesProcessIsStale() throws Exception {
        MysqlProvisioner p = db.provider();
        int port = MariaDb.freePort();
        String name = MariaDb.unique("reuse");
        p.ensureServer(MariaDb.loopback(name, port));
        long pid = db.pid(name);
        p.removeServer(name, false);
        // the old pid was reused by an unrelated process: this JVM
        Files.writeString(db.home(name).pidFile(), ProcessHandle.current().pid() + "\n");
        assertTrue(MariaDb.statusOf(p, name).message().contains("not this server's mariadbd"),
                MariaDb.statusOf(p, name).message());
        p.ensureServer(MariaDb.loopback(name, port));
        assertNotEquals(pid, db.pid(name));
        assertNotEquals(ProcessHandle.current().pid(), db.pid(name));
        assertTrue(ProcessHandle.current().isAlive());
    }

    @Test
    void aRunningServerWhosePidFileWasDeletedIsFoundNotStartedTwice() throws Exception {
        MysqlProvisioner p = db.provider();
        int port = MariaDb.freePort();
        String name = MariaDb.unique("nopid");
        p.ensureServer(MariaDb.loopback(name, port));
        long pid = db.pid(name);
        Files.delete(db.home(name).pidFile());
        assertTrue(MariaDb.statusOf(p, name).running());
        p.ensureServer(MariaDb.loopback(name, port));
        assertTrue(Procs.alive(pid));
        assertEquals(1, Procs.all().stream()
                .filter(q -> Procs.cmdline(q).contains("--datadir=" + db.home(name).data())).count());
        p.removeServer(name, false);
        assertFalse(Procs.alive(pid));
    }

    @Test
    void theServerOutlivesAKillMinus9OfTheJvmThatStartedIt() throws Exception {
        int port = MariaDb.freePort();
        String name = MariaDb.unique("orphan");
        Path out = db.root.resolve(name + "-jvm.out");
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ProvisionerMain.class.getName(), db.root.toString(), MariaDb.BINARIES.toString(), name,
                Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Waits.until(Duration.ofSeconds(40), "the child JVM ensured " + name, () -> {
                if (!jvm.isAlive()) {
                    fail("the child JVM exited with " + jvm.exitValue() + ": " + read(out));
                }
                return read(out).contains("READY");
            });
        } finally {
            jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing runs
            jvm.waitFor();
        }
        long pid = db.pid(name);
        assertTrue(Procs.alive(pid), "mariadbd died with the JVM that started it");
        assertEquals(pid, sessionOf(pid), "mariadbd leads a session of its own (setsid)");
        assertNotEquals(ProcessHandle.current().pid(), ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid).orElse(-1L));

        MysqlProvisioner adopter = db.provider();
        adopter.ensureServer(MariaDb.loopback(name, port));
        assertEquals(pid, db.pid(name));
        adopter.removeServer(name, true);
        Waits.until(Duration.ofSeconds(10), "the orphan is stopped", () -> !Procs.alive(pid));
    }

    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]); // state ppid pgrp session
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
