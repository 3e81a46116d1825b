package org.atoll.plugin.mysql.internal;

import static org.atoll.plugin.mysql.internal.MariaDb.assertRefused;
import static org.atoll.plugin.mysql.internal.MariaDb.connect;
import static org.atoll.plugin.mysql.internal.MariaDb.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.database.DatabaseProvisioner;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One server through its whole life: ensure, databases, passwords, port change, remove. */
class ServerLifecycleTest {

    private static MariaDb db;
    private static MysqlProvisioner provider;

    @BeforeAll
    static void start() {
        db = new MariaDb();
        provider = db.provider();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void identity() {
        assertEquals("mysql", provider.info().name());
        assertEquals("mysql", provider.kind());
        assertEquals(java.util.Set.of(DatabaseProvisioner.CAP_ROTATE), provider.capabilities());
        assertEquals(ProviderStatus.State.UP, provider.status().state(), provider.status().message());
    }

    @Test
    void ensureServerTwiceIsOneProcessAndDatabasesWork() throws Exception {
        String name = MariaDb.unique("life");
        int port = MariaDb.freePort();
        ServerStatus first = provider.ensureServer(MariaDb.loopback(name, port));
        assertEquals(new ServerStatus(name, true, "127.0.0.1", port, ""), first);
        long pid = db.pid(name);
        assertEquals(first, provider.ensureServer(MariaDb.loopback(name, port)));
        assertEquals(pid, db.pid(name), "the second ensureServer started another process");
        assertEquals(1, Procs.all().stream()
                .filter(p -> Procs.cmdline(p).contains("--datadir=" + db.home(name).data())).count());
        assertEquals(first, MariaDb.statusOf(provider, name));

        DatabaseSpec spec = new DatabaseSpec("app_user", "app_db", "127.0.0.0/8");
        provider.ensureDatabase(name, spec, Secret.of("first-Pass'word\\"));
        List<String> grants;
        try (Connection admin = db.admin(name, port)) {
            grants = strings(admin, "SHOW GRANTS FOR 'app_user'@'127.0.0.0/255.0.0.0'");
        }
        provider.ensureDatabase(name, spec, Secret.of("first-Pass'word\\"));
        try (Connection admin = db.admin(name, port)) {
            assertEquals(List.of("127.0.0.0/255.0.0.0"),
                    strings(admin, "SELECT Host FROM mysql.user WHERE User = 'app_user'"));
            assertEquals(grants, strings(admin, "SHOW GRANTS FOR 'app_user'@'127.0.0.0/255.0.0.0'"));
            assertEquals(List.of("app_db"), strings(admin, "SHOW DATABASES LIKE 'app_db'"));
        }
        assertTrue(grants.stream().anyMatch(g -> g.startsWith("GRANT ALL PRIVILEGES ON `app_db`.*")), grants::toString);

        try (Connection c = connect(port, "app_user", "first-Pass'word\\", "app_db"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
            assertEquals(List.of("app_db"), strings(c, "SELECT DATABASE()"));
            assertThrows(java.sql.SQLException.class, () -> s.execute("CREATE DATABASE other_db"),
                    "the user may only use its own database");
        }
        assertRefused(port, "app_user", "wrong password", "app_db");
        assertEquals(pid, db.pid(name));
    }

    @Test
    void rotatedPasswordReplacesTheOldOneOnEveryHostEntry() throws Exception {
        String name = MariaDb.unique("rot");
        int port = MariaDb.freePort();
        provider.ensureServer(MariaDb.loopback(name, port));
        provider.ensureDatabase(name, new DatabaseSpec("rot_user", "rot_db", "127.0.0.1/32"), Secret.of("old-one"));
        try (Connection admin = db.admin(name, port); Statement s = admin.createStatement()) {
            // a second host entry made by hand: rotation covers it too
            s.execute("CREATE USER 'rot_user'@'10.9.8.0/255.255.255.0' IDENTIFIED BY 'old-one'");
        }
        try (Connection c = connect(port, "rot_user", "old-one", "rot_db")) {
            assertTrue(c.isValid(5));
        }
        provider.rotatePassword(name, "rot_user", Secret.of("new-one \u00e9\u20ac"));
        assertRefused(port, "rot_user", "old-one", "rot_db");
        try (Connection c = connect(port, "rot_user", "new-one \u00e9\u20ac", "rot_db")) {
            assertTrue(c.isValid(5));
        }
        try (Connection admin = db.admin(name, port)) {
            List<String> hashes = strings(admin, "SELECT authentication_string FROM mysql.user WHERE User = 'rot_user'");
            assertEquals(2, hashes.size());
            assertEquals(hashes.get(0), hashes.get(1), "both host entries have the new password");
        }
        ProviderException e = assertThrows(ProviderException.class,
                () -> provider.rotatePassword(name, "nobody_here", Secret.of("x")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("no such user"), e.getMessage());
    }

    @Test
    void dropDatabaseRemovesUserAndDatabaseAndAbsentIsFine() throws Exception {
        String name = MariaDb.unique("drop");
        int port = MariaDb.freePort();
        provider.ensureServer(MariaDb.loopback(name, port));
        DatabaseSpec spec = new DatabaseSpec("drop_user", "drop_db", "127.0.0.0/24");
        provider.ensureDatabase(name, spec, Secret.of("pw-drop"));
        try (Connection c = connect(port, "drop_user", "pw-drop", "drop_db")) {
            provider.dropDatabase(name, spec);
            Waits.until(java.time.Duration.ofSeconds(5), "the dropped user's session is closed", () -> {
                try {
                    return !c.isValid(1);
                } catch (java.sql.SQLException e) {
                    return true;
                }
            });
        }
        try (Connection admin = db.admin(name, port)) {
            assertEquals(List.of(), strings(admin, "SELECT Host FROM mysql.user WHERE User = 'drop_user'"));
            assertEquals(List.of(), strings(admin, "SHOW DATABASES LIKE 'drop_db'"));
        }
        provider.dropDatabase(name, spec);
        provider.dropDatabase("no-such-server", spec);
    }

    @Test
    void aNewPortRestartsTheServerOnIt() throws Exception {
        String name = MariaDb.unique("port");
        int port = MariaDb.freePort();
        provider.ensureServer(MariaDb.loopback(name, port));
        long pid = db.pid(name);
        int other = MariaDb.freePort();
        assertEquals(other, provider.ensureServer(MariaDb.loopback(name, other)).port());
        assertNotEquals(pid, db.pid(name));
        assertFalse(Procs.alive(pid));
        try (Connection admin = db.admin(name, other)) {
            assertTrue(admin.isValid(5));
        }
        assertEquals(other, MariaDb.statusOf(provider, name).port());
    }

    @Test
    void removeServerKeepsOrDeletesTheData() throws Exception {
        String name = MariaDb.unique("rm");
        int port = MariaDb.freePort();
        provider.ensureServer(MariaDb.loopback(name, port));
        long pid = db.pid(name);
        provider.ensureDatabase(name, new DatabaseSpec("rm_user", "rm_db", "127.0.0.1/32"), Secret.of("pw-rm"));

        provider.removeServer(name, false);
        assertFalse(Procs.alive(pid));
        assertTrue(Files.isDirectory(db.home(name).data()), "data kept");
        ServerStatus st = MariaDb.statusOf(provider, name);
        assertFalse(st.running());
        assertTrue(st.message().startsWith("not running"), st.message());
        assertThrows(ProviderException.class, () -> provider.ensureDatabase(name,
                new DatabaseSpec("rm_user", "rm_db", "127.0.0.1/32"), Secret.of("pw-rm")));

        provider.ensureServer(MariaDb.loopback(name, port));
        try (Connection c = connect(port, "rm_user", "pw-rm", "rm_db")) {
            assertTrue(c.isValid(5), "the data survived a stop");
        }
        provider.removeServer(name, true);
        assertFalse(Files.exists(db.home(name).dir()), "data deleted");
        assertTrue(provider.servers().stream().noneMatch(s -> s.name().equals(name)));
        provider.removeServer(name, true);
    }

    @Test
    void aTakenPortFailsRetryablyAndShowsInTheStatus() throws Exception {
        String name = MariaDb.unique("busy");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ProviderException e = assertThrows(ProviderException.class,
                    () -> provider.ensureServer(MariaDb.loopback(name, taken.getLocalPort())));
            assertTrue(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
            assertEquals(ProviderStatus.State.DEGRADED, provider.status().state());
            assertTrue(provider.status().message().contains(name), provider.status().message());
        }
        int port = MariaDb.freePort();
        provider.ensureServer(MariaDb.loopback(name, port));
        assertTrue(provider.status().message().isEmpty() || !provider.status().message().contains(name),
                provider.status().message());
        provider.removeServer(name, true);
    }
}
