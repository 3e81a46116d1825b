package org.atoll.plugin.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The admin password and the users' passwords never appear in any process's arguments or environment,
 * in what was logged (at TRACE, driver included), in the server's own logs, or in exception messages,
 * also when operations fail: SQL refused, admin credentials wrong, server gone.
 */
class SecrecyTest {

    private static LogCapture log;
    private static MariaDb db;

    @BeforeAll
    static void start() {
        log = new LogCapture();
        db = new MariaDb();
    }

    @AfterAll
    static void stop() {
        try {
            db.close();
        } finally {
            log.close();
        }
    }

    @Test
    void passwordsNeverShowInProcessesLogsOrMessages() throws Exception {
        List<String> secrets = new ArrayList<>();
        List<ProviderException> failures = new ArrayList<>();
        MysqlProvisioner p = db.provider();
        String name = MariaDb.unique("secret");
        int port = MariaDb.freePort();
        ServerSpec server = MariaDb.loopback(name, port);
        p.ensureServer(server);
        ServerHome h = db.home(name);
        String admin = db.adminPassword(name);
        secrets.add(admin);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.adminPasswordFile())));
        assertFalse(Files.exists(h.adminInitFile()), "the admin set-up file outlived the first start");

        String userPw = "Us3r'\"`\\;-- pw " + MariaDb.unique("") + " \u00fc\u00df";
        String rotated = "R0tated\\'" + MariaDb.unique("");
        secrets.add(userPw);
        secrets.add(rotated);
        DatabaseSpec spec = new DatabaseSpec("sec_user", "sec_db", "127.0.0.1/32");
        p.ensureDatabase(name, spec, Secret.of(userPw));
        try (Connection c = MariaDb.connect(port, "sec_user", userPw, "sec_db")) {
            assertTrue(c.isValid(5), "the escaped password is the password");
        }
        p.rotatePassword(name, "sec_user", Secret.of(rotated));
        try (Connection c = MariaDb.connect(port, "sec_user", rotated, "sec_db")) {
            assertTrue(c.isValid(5));
        }
        assertNowhereInProcesses(secrets);

        // SQL refused: the admin account loses the right to manage accounts (the test's session keeps its
        // global privileges until it disconnects, and gives them back)
        String refused = "Refused-" + MariaDb.unique("");
        secrets.add(refused);
        try (Connection a = db.admin(name, port); Statement s = a.createStatement()) {
            s.execute("REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'atoll_admin'@'127.0.0.1'");
            s.execute("GRANT SELECT, CREATE, DROP ON *.* TO 'atoll_admin'@'127.0.0.1'");
            failures.add(fails(() -> p.ensureDatabase(name, new DatabaseSpec("sec_other", "sec_other_db",
                    "127.0.0.1/32"), Secret.of(refused))));
            failures.add(fails(() -> p.rotatePassword(name, "sec_user", Secret.of(refused))));
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'atoll_admin'@'127.0.0.1' WITH GRANT OPTION");
        }

        // the admin password file holds a wrong password
        String wrongAdmin = "WrongAdmin" + MariaDb.unique("");
        secrets.add(wrongAdmin);
        Files.writeString(h.adminPasswordFile(), wrongAdmin + "\n");
        failures.add(fails(() -> p.ensureServer(server)));
        failures.add(fails(() -> p.ensureDatabase(name, spec, Secret.of(refused))));
        failures.add(fails(() -> p.rotatePassword(name, "sec_user", Secret.of(refused))));
        String status = MariaDb.statusOf(p, name).message();
        assertTrue(status.contains("Access denied"), status);
        assertFalse(p.status().message().isEmpty());
        for (String text : List.of(status, p.status().message())) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "a status shows a password: " + text);
            }
        }
        Files.writeString(h.adminPasswordFile(), admin + "\n");

        // the server is gone
        long pid = db.pid(name);
        Procs.signal(pid, true);
        Waits.until(Duration.ofSeconds(10), "mariadbd gone", () -> !Procs.alive(pid));
        failures.add(fails(() -> p.ensureDatabase(name, spec, Secret.of(refused))));
        failures.add(fails(() -> p.rotatePassword(name, "sec_user", Secret.of(refused))));

        p.ensureServer(server);
        try (Connection c = MariaDb.connect(port, "sec_user", rotated, "sec_db")) {
            assertTrue(c.isValid(5), "the failed calls changed nothing");
        }
        assertNowhereInProcesses(secrets);

        assertEquals(7, failures.size());
        for (ProviderException e : failures) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            for (String secret : secrets) {
                assertFalse(trace.toString().contains(secret), "an exception shows a password: " + trace);
            }
        }
        String logged = log.text();
        assertTrue(logged.contains("mysql server " + name + ": initialised"), "the log capture sees nothing");
        assertFalse(logged.contains("org.mariadb.jdbc"), "the driver logs (at TRACE it dumps packets)");
        for (String secret : secrets) {
            assertFalse(logged.contains(secret), "the log shows a password");
        }
        for (Path f : List.of(h.errorLog(), h.consoleLog(), h.installLog())) {
            String text = Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
            for (String secret : secrets) {
                assertFalse(text.contains(secret), f + " shows a password");
            }
        }
    }

    private static ProviderException fails(Executable call) {
        ProviderException e = assertThrows(ProviderException.class, call);
        assertFalse(e.getMessage().isBlank());
        return e;
    }

    /** The arguments and environment of every process on this host. */
    private static void assertNowhereInProcesses(List<String> secrets) throws Exception {
        int seen = 0;
        for (long pid : Procs.all()) {
            String args = String.join(" ", Procs.cmdline(pid));
            String env = "";
            try {
                env = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                        StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                // gone meanwhile
            }
            for (String secret : secrets) {
                assertFalse(args.contains(secret), "process " + pid + " has a password in its arguments: " + args);
                assertFalse(env.contains(secret), "process " + pid + " has a password in its environment");
            }
            if (args.contains("--datadir=" + db.root)) {
                seen++;
            }
        }
        assertEquals(1, seen, "the server's process was not among those checked");
    }
}
