package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile names, addresses, ranges and passwords are refused with a clear, non-retryable error before anything
 * happens: on a missing server the validation error comes first (so no lookup, no SQL ran), and on a running
 * server no role, database, pg_hba.conf line or record entry appears.
 */
class HostileInputTest {

    private static final List<String> HOSTILE_IDENTIFIERS = List.of("a\"b", "a b", "x;drop role postgres",
            "x'--", "a".repeat(64), "ünïcode", "Robert", "", "1abc", "a-b", "tab\there", "new\nline", "ａｂｃ");

    private static Fixture fx;
    private static ServerStatus server;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.create();
        server = fx.server("hostile", "127.0.0.1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void hostileIdentifiersAreRefusedBeforeAnySql() throws Exception {
        String roles = catalog("SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles");
        String databases = catalog("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database");
        String hba = Files.readString(fx.dir("hostile").hba());
        List<String> messages = new ArrayList<>();
        for (String bad : HOSTILE_IDENTIFIERS) {
            for (String server : List.of("hostile", "missing")) {
                messages.add(refused(() -> fx.provider.ensureDatabase(server,
                        new DatabaseSpec(bad, "good_db", "127.0.0.1/32"), Secret.of("pw-1"))));
                messages.add(refused(() -> fx.provider.ensureDatabase(server,
                        new DatabaseSpec("good_user", bad, "127.0.0.1/32"), Secret.of("pw-1"))));
                messages.add(refused(() -> fx.provider.dropDatabase(server,
                        new DatabaseSpec(bad, "good_db", "127.0.0.1/32"))));
                messages.add(refused(() -> fx.provider.dropDatabase(server,
                        new DatabaseSpec("good_user", bad, "127.0.0.1/32"))));
                messages.add(refused(() -> fx.provider.rotatePassword(server, bad, Secret.of("pw-1"))));
            }
        }
        for (String m : messages) {
            assertTrue(m.contains("is not a safe SQL identifier"), m);
            assertFalse(m.contains("\n") || m.contains("\t"), "control characters are escaped: " + m);
        }
        for (String reserved : List.of("postgres", "pg_monitor", "public", "none", "all", "current_user")) {
            assertTrue(refused(() -> fx.provider.ensureDatabase("hostile",
                    new DatabaseSpec(reserved, "good_db", "127.0.0.1/32"), Secret.of("pw-1"))).contains("is reserved"));
        }
        for (String reserved : List.of("postgres", "template0", "template1")) {
            assertTrue(refused(() -> fx.provider.ensureDatabase("hostile",
                    new DatabaseSpec("good_user", reserved, "127.0.0.1/32"), Secret.of("pw-1")))
                    .contains("is reserved"));
        }
        assertEquals(roles, catalog("SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles"));
        assertEquals(databases, catalog("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"));
        assertEquals(hba, Files.readString(fx.dir("hostile").hba()));
        assertFalse(Files.exists(fx.dir("hostile").databases()));
    }

    @Test
    void hostileRangesAndPasswordsAreRefused() throws Exception {
        String hba = Files.readString(fx.dir("hostile").hba());
        for (String cidr : List.of("10.0.0.0", "10.0.0.0/33", "10.0.0.256/24", "db.example.com/24", "10.0.0.0/24 trust",
                "10.0.0.0/24\nhost all all 0.0.0.0/0 trust", "all", "samenet", "", "::1/129", "10.0.0.0/-1")) {
            String m = refused(() -> fx.provider.ensureDatabase("hostile",
                    new DatabaseSpec("good_user", "good_db", cidr), Secret.of("pw-1")));
            assertTrue(m.contains("allowed range"), m);
        }
        for (String pw : List.of("", "a\0b", "x".repeat(Names.MAX_PASSWORD + 1))) {
            String m = refused(() -> fx.provider.ensureDatabase("hostile",
                    new DatabaseSpec("good_user", "good_db", "127.0.0.1/32"), Secret.of(pw)));
            assertTrue(m.contains("(its value is not shown)"), m);
        }
        refused(() -> fx.provider.ensureDatabase("hostile", new DatabaseSpec("good_user", "good_db", "127.0.0.1/32"),
                null));
        assertEquals(hba, Files.readString(fx.dir("hostile").hba()));
        assertEquals("0", catalog("SELECT count(*) FROM pg_roles WHERE rolname = 'good_user'"));
    }

    @Test
    void hostileServerSpecsAreRefused() {
        for (String name : List.of("../etc", "A", "a_b", "-a", "a-", "a".repeat(64), "a/b", "", "ä")) {
            String m = refused(() -> fx.provider.ensureServer(new ServerSpec(name, "n", "127.0.0.1", 45432)));
            assertTrue(m.contains("is not a DNS label"), m);
            refused(() -> fx.provider.removeServer(name, true));
        }
        for (String address : List.of("localhost", "10.0.0.256", "127.0.0.1 ", "127.0.0.1,10.0.0.1", "*", "::1%lo",
                "")) {
            String m = refused(() -> fx.provider.ensureServer(new ServerSpec("fresh", "n", address, 45432)));
            assertTrue(m.contains("is not an IP address literal"), m);
        }
        for (int port : List.of(0, 80, 1023, 65536, -1)) {
            assertTrue(refused(() -> fx.provider.ensureServer(new ServerSpec("fresh", "n", "127.0.0.1", port)))
                    .contains("port"));
        }
        assertFalse(Files.exists(fx.base.resolve("fresh")), "nothing was created for refused specs");
    }

    @Test
    void theServerIsUntouchedByAllOfIt() throws Exception {
        assertEquals(List.of(server), fx.provider.servers());
    }

    private static String refused(org.junit.jupiter.api.function.Executable call) {
        ProviderException e = assertThrows(ProviderException.class, call);
        assertFalse(e.retryable(), e.getMessage());
        return e.getMessage();
    }

    private static String catalog(String sql) throws Exception {
        try (Connection c = fx.superuser("hostile")) {
            return Fixture.queryOne(c, sql);
        }
    }
}
