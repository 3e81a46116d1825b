package org.atoll.plugin.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hostile names, addresses, ranges and passwords are refused with a clear, permanent error before any
 * file, process or SQL is touched: the server's general log shows no statement from the provider, and
 * nothing changes on disk.
 */
class HostileInputTest {

    static final List<String> IDENTIFIERS = List.of("a'b", "a`b", "a b", "a;b", "x".repeat(64),
            "\u00fcn\u00efc\u00f6de", "robert'); drop table students;--", "", "Upper", "1abc", "a\u0000b", "a-b",
            "a.b", "a\nb", "`", "'", "a\u202eb", "caf\u00e9", "a\\b", "a\"b", "a%b", "a*");
    static final List<String> SERVER_NAMES = List.of("../etc", "a_b", "A", "-a", "a-", "x".repeat(64), "a.b", "",
            "a/b", "a b", "\u00e9", "a;b");
    static final List<String> ADDRESSES = List.of("localhost", "example.com", "1.2.3.256", "01.2.3.4", "1.2.3.4 ",
            "1.2.3.4;rm -rf /", "", "1.2.3", "fe80::1%eth0", "1.2.3.4,5.6.7.8", "::g");
    static final List<String> RANGES = List.of("10.0.0.0", "10.0.0.0/33", "fe80::/64", "10.0.0.0/8; drop",
            "%", "10.0.0.0/-1", "10.0.0.0/ 8", "", "10.0.0/8", "a.b.c.d/8", "10.0.0.0/8/8");

    private static MariaDb db;
    private static MysqlProvisioner provider;
    private static String name;
    private static int port;

    @BeforeAll
    static void start() {
        db = new MariaDb();
        provider = db.provider();
        name = MariaDb.unique("hostile");
        port = MariaDb.freePort();
        provider.ensureServer(MariaDb.loopback(name, port));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void everythingHostileIsRefusedBeforeAnySqlRuns() throws Exception {
        List<ProviderException> refusals = new ArrayList<>();
        List<String> databasesBefore;
        List<String> usersBefore;
        List<String> filesBefore;
        try (Connection admin = db.admin(name, port); Statement s = admin.createStatement()) {
            databasesBefore = MariaDb.strings(admin, "SHOW DATABASES");
            usersBefore = MariaDb.strings(admin, "SELECT CONCAT(User, '@', Host) FROM mysql.user ORDER BY 1");
            filesBefore = files();
            s.execute("SET GLOBAL log_output = 'TABLE'");
            s.execute("SET GLOBAL general_log = ON");
            try {
                for (String id : IDENTIFIERS) {
                    refusals.add(refused("not a safe SQL identifier", () -> provider.ensureDatabase(name,
                            new DatabaseSpec(id, "ok_db", "10.0.0.0/8"), Secret.of("pw"))));
                    refusals.add(refused("not a safe SQL identifier", () -> provider.ensureDatabase(name,
                            new DatabaseSpec("ok_user", id, "10.0.0.0/8"), Secret.of("pw"))));
                    refusals.add(refused("not a safe SQL identifier", () -> provider.dropDatabase(name,
                            new DatabaseSpec(id, "ok_db", "10.0.0.0/8"))));
                    refusals.add(refused("not a safe SQL identifier", () -> provider.dropDatabase(name,
                            new DatabaseSpec("ok_user", id, "10.0.0.0/8"))));
                    refusals.add(refused("not a safe SQL identifier", () -> provider.rotatePassword(name, id,
                            Secret.of("pw"))));
                }
                refusals.add(refused("not a safe SQL identifier", () -> provider.ensureDatabase(name,
                        new DatabaseSpec(null, "ok_db", "10.0.0.0/8"), Secret.of("pw"))));
                for (String reserved : List.of("root", "atoll_admin", "mysql")) {
                    refusals.add(refused("is reserved", () -> provider.ensureDatabase(name,
                            new DatabaseSpec(reserved, "ok_db", "10.0.0.0/8"), Secret.of("pw"))));
                    refusals.add(refused("is reserved", () -> provider.rotatePassword(name, reserved,
                            Secret.of("pw"))));
                }
                for (String reserved : List.of("mysql", "information_schema", "performance_schema", "sys")) {
                    refusals.add(refused("is reserved", () -> provider.dropDatabase(name,
                            new DatabaseSpec("ok_user", reserved, "10.0.0.0/8"))));
                }
                for (String range : RANGES) {
                    refusals.add(refused("is not an IPv4 CIDR", () -> provider.ensureDatabase(name,
                            new DatabaseSpec("ok_user", "ok_db", range), Secret.of("pw"))));
                }
                refusals.add(refused("the password is empty", () -> provider.ensureDatabase(name,
                        new DatabaseSpec("ok_user", "ok_db", "10.0.0.0/8"), Secret.of(""))));
                refusals.add(refused("NUL", () -> provider.rotatePassword(name, "ok_user", Secret.of("a\u0000b"))));
                refusals.add(refused("no password", () -> provider.ensureDatabase(name,
                        new DatabaseSpec("ok_user", "ok_db", "10.0.0.0/8"), null)));
                for (String server : SERVER_NAMES) {
                    refusals.add(refused("not a DNS label", () -> provider.ensureServer(
                            new ServerSpec(server, "node-1", "127.0.0.1", port))));
                    refusals.add(refused("not a DNS label", () -> provider.ensureDatabase(server,
                            new DatabaseSpec("ok_user", "ok_db", "10.0.0.0/8"), Secret.of("pw"))));
                    refusals.add(refused("not a DNS label", () -> provider.removeServer(server, true)));
                    refusals.add(refused("not a DNS label", () -> provider.rotatePassword(server, "ok_user",
                            Secret.of("pw"))));
                }
                refusals.add(refused("not a DNS label", () -> provider.removeServer(null, true)));
                for (String address : ADDRESSES) {
                    refusals.add(refused("not an IP address literal", () -> provider.ensureServer(
                            new ServerSpec(name, "node-1", address, port))));
                }
                for (int badPort : new int[] {0, -1, 65536, Integer.MAX_VALUE}) {
                    refusals.add(refused("not between 1 and 65535", () -> provider.ensureServer(
                            new ServerSpec(name, "node-1", "127.0.0.1", badPort))));
                }
            } finally {
                s.execute("SET GLOBAL general_log = OFF");
            }
            List<String> fromOthers = MariaDb.strings(admin, "SELECT CONCAT(command_type, ': ', argument)"
                    + " FROM mysql.general_log WHERE thread_id <> CONNECTION_ID()");
            assertEquals(List.of(), fromOthers, "the provider reached the server");
            assertEquals(databasesBefore, MariaDb.strings(admin, "SHOW DATABASES"));
            assertEquals(usersBefore,
                    MariaDb.strings(admin, "SELECT CONCAT(User, '@', Host) FROM mysql.user ORDER BY 1"));
            assertEquals(filesBefore, files(), "a refused call touched the data directory");
        }
        for (ProviderException e : refusals) {
            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                    "unprintable characters in: " + e.getMessage());
        }
        assertTrue(refusals.size() > 150, "only " + refusals.size() + " refusals");
    }

    private static ProviderException refused(String reason, Executable call) {
        ProviderException e = assertThrows(ProviderException.class, call);
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
        return e;
    }

    private static List<String> files() throws Exception {
        try (Stream<Path> all = Files.walk(db.root, 2)) {
            return all.map(Path::toString).filter(p -> !p.contains("/data/")).sorted().toList();
        }
    }
}
