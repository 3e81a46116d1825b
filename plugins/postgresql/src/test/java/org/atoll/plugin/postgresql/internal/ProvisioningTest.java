package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.database.DatabaseProvisioner;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One real server: idempotent ensure calls, logins with the right and wrong passwords, rotation, drop. */
class ProvisioningTest {

    private static Fixture fx;
    private static ServerStatus server;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.create();
        server = fx.server("prov", "127.0.0.1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void identifiesItself() {
        DatabaseProvisioner p = fx.provider;
        assertEquals("postgresql", p.info().name());
        assertEquals("postgresql", p.kind());
        assertEquals(Set.of(DatabaseProvisioner.CAP_ROTATE), p.capabilities());
        assertEquals(ProviderStatus.State.UP, p.status().state(), p.status().message());
    }

    @Test
    void ensureServerTwiceKeepsOnePostmaster() throws Exception {
        assertTrue(server.running());
        assertEquals("127.0.0.1", server.address());
        long pid = fx.postmaster("prov").pid();
        ServerStatus again = fx.provider.ensureServer(new ServerSpec("prov", "node1", "127.0.0.1", server.port()));
        assertEquals(server, again);
        assertEquals(pid, fx.postmaster("prov").pid());
        assertEquals(1, fx.postmasters("prov"));
        assertTrue(fx.provider.servers().contains(server), fx.provider.servers().toString());
        assertEquals("rwx------", permissions(fx.dir("prov").root()));
        assertEquals("rw-------", permissions(fx.dir("prov").passwordFile()));
        assertEquals(Fixture.OS_USER, Files.getOwner(fx.dir("prov").root()).getName());
        assertEquals(Fixture.OS_USER, Files.getOwner(fx.dir("prov").passwordFile()).getName());
    }

    @Test
    void ensureDatabaseTwiceIsANoOpAndTheUserLogsIn() throws Exception {
        DatabaseSpec spec = new DatabaseSpec("app_user", "app_db", "127.0.0.1/32");
        fx.provider.ensureDatabase("prov", spec, Secret.of("first-Secret-1"));
        String verifier;
        String oid;
        String loadTime;
        try (Connection su = fx.superuser("prov")) {
            verifier = Fixture.queryOne(su, "SELECT rolpassword FROM pg_authid WHERE rolname = 'app_user'");
            oid = Fixture.queryOne(su, "SELECT oid FROM pg_database WHERE datname = 'app_db'");
            loadTime = Fixture.queryOne(su, "SELECT pg_conf_load_time()");
            assertTrue(verifier.startsWith("SCRAM-SHA-256$"), "stored as a SCRAM verifier");
            assertEquals("app_user", Fixture.queryOne(su,
                    "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'app_db'"));
            assertEquals("f", Fixture.queryOne(su, "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles "
                    + "WHERE rolname = 'app_user'"));
            assertEquals("0", Fixture.queryOne(su, "SELECT count(*) FROM pg_database d, aclexplode(d.datacl) a "
                    + "WHERE d.datname = 'app_db' AND a.grantee = 0 AND a.privilege_type = 'CONNECT'"));
        }
        FileTime hbaTime = Files.getLastModifiedTime(fx.dir("prov").hba());
        String hba = Files.readString(fx.dir("prov").hba());
        assertTrue(hba.contains("host  \"app_db\"  \"app_user\"  127.0.0.1/32  scram-sha-256"), hba);

        fx.provider.ensureDatabase("prov", spec, Secret.of("first-Secret-1"));
        try (Connection su = fx.superuser("prov")) {
            assertEquals(verifier, Fixture.queryOne(su, "SELECT rolpassword FROM pg_authid WHERE rolname = 'app_user'"),
                    "the same password is not set again");
            assertEquals(oid, Fixture.queryOne(su, "SELECT oid FROM pg_database WHERE datname = 'app_db'"));
            assertEquals(loadTime, Fixture.queryOne(su, "SELECT pg_conf_load_time()"), "no reload");
        }
        assertEquals(hbaTime, Files.getLastModifiedTime(fx.dir("prov").hba()), "pg_hba.conf not rewritten");

        try (Connection c = Fixture.connect("127.0.0.1", server.port(), "app_db", "app_user", "first-Secret-1")) {
            Fixture.execute(c, "CREATE TABLE t (id int)");
            assertEquals("app_user", Fixture.queryOne(c, "SELECT current_user"));
        }
        SQLException wrong = assertThrows(SQLException.class,
                () -> Fixture.connect("127.0.0.1", server.port(), "app_db", "app_user", "wrong-Secret-1"));
        assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
        SQLException elsewhere = assertThrows(SQLException.class,
                () -> Fixture.connect("127.0.0.1", server.port(), "postgres", "app_user", "first-Secret-1"));
        assertEquals("28000", elsewhere.getSQLState(), "no pg_hba.conf line for another database: " + elsewhere);
    }

    @Test
    void usersReachOnlyTheirOwnDatabase() throws Exception {
        fx.provider.ensureDatabase("prov", new DatabaseSpec("u_one", "d_one", "127.0.0.0/8"), Secret.of("pw-one-1"));
        fx.provider.ensureDatabase("prov", new DatabaseSpec("u_two", "d_two", "127.0.0.0/8"), Secret.of("pw-two-2"));
        try (Connection c = Fixture.connect("127.0.0.1", server.port(), "d_one", "u_one", "pw-one-1")) {
            assertEquals("d_one", Fixture.queryOne(c, "SELECT current_database()"));
        }
        SQLException e = assertThrows(SQLException.class,
                () -> Fixture.connect("127.0.0.1", server.port(), "d_two", "u_one", "pw-one-1"));
        assertEquals("28000", e.getSQLState(), e.getMessage());
        try (Connection su = fx.superuser("prov")) {
            assertEquals("f", Fixture.queryOne(su, "SELECT has_database_privilege('u_one', 'd_two', 'CONNECT')"),
                    "CONNECT was taken from PUBLIC");
        }
    }

    @Test
    void rotatedPasswordReplacesTheOldOne() throws Exception {
        fx.provider.ensureDatabase("prov", new DatabaseSpec("rot_user", "rot_db", "127.0.0.1/32"),
                Secret.of("old-Pw-1"));
        try (Connection c = Fixture.connect("127.0.0.1", server.port(), "rot_db", "rot_user", "old-Pw-1")) {
            assertNotNull(c);
        }
        fx.provider.rotatePassword("prov", "rot_user", Secret.of("new-Pw-2"));
        SQLException old = assertThrows(SQLException.class,
                () -> Fixture.connect("127.0.0.1", server.port(), "rot_db", "rot_user", "old-Pw-1"));
        assertEquals("28P01", old.getSQLState());
        try (Connection c = Fixture.connect("127.0.0.1", server.port(), "rot_db", "rot_user", "new-Pw-2")) {
            assertEquals("rot_user", Fixture.queryOne(c, "SELECT current_user"));
        }
        ProviderException missing = assertThrows(ProviderException.class,
                () -> fx.provider.rotatePassword("prov", "nobody_here", Secret.of("x-Pw-3")));
        assertFalse(missing.retryable());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void dropRemovesDatabaseRoleAndAccessAndAbsentIsFine() throws Exception {
        DatabaseSpec spec = new DatabaseSpec("gone_user", "gone_db", "127.0.0.1/32");
        fx.provider.ensureDatabase("prov", spec, Secret.of("gone-Pw-1"));
        Connection open = Fixture.connect("127.0.0.1", server.port(), "gone_db", "gone_user", "gone-Pw-1");
        fx.provider.dropDatabase("prov", spec);
        assertTrue(open.isClosed() || !open.isValid(2), "the session was ended by DROP DATABASE ... WITH (FORCE)");
        open.close();
        try (Connection su = fx.superuser("prov")) {
            assertNull(Fixture.queryOne(su, "SELECT oid FROM pg_database WHERE datname = 'gone_db'"));
            assertNull(Fixture.queryOne(su, "SELECT oid FROM pg_roles WHERE rolname = 'gone_user'"));
        }
        assertFalse(Files.readString(fx.dir("prov").hba()).contains("gone_db"));
        assertFalse(Files.readString(fx.dir("prov").databases()).contains("gone_db"));
        fx.provider.dropDatabase("prov", spec);
        fx.provider.dropDatabase("no-such-server", spec);
    }

    @Test
    void aUserWithTwoDatabasesKeepsItsRoleUntilTheLastIsDropped() throws Exception {
        fx.provider.ensureDatabase("prov", new DatabaseSpec("shared_u", "sh_a", "127.0.0.1/32"), Secret.of("sh-Pw-1"));
        fx.provider.ensureDatabase("prov", new DatabaseSpec("shared_u", "sh_b", "127.0.0.1/32"), Secret.of("sh-Pw-1"));
        fx.provider.dropDatabase("prov", new DatabaseSpec("shared_u", "sh_a", "127.0.0.1/32"));
        try (Connection c = Fixture.connect("127.0.0.1", server.port(), "sh_b", "shared_u", "sh-Pw-1")) {
            assertEquals("sh_b", Fixture.queryOne(c, "SELECT current_database()"));
        }
        fx.provider.dropDatabase("prov", new DatabaseSpec("shared_u", "sh_b", "127.0.0.1/32"));
        try (Connection su = fx.superuser("prov")) {
            assertNull(Fixture.queryOne(su, "SELECT oid FROM pg_roles WHERE rolname = 'shared_u'"));
        }
    }

    @Test
    void operationsOnAMissingServerFailForGood() {
        ProviderException e = assertThrows(ProviderException.class, () -> fx.provider.ensureDatabase("absent",
                new DatabaseSpec("u_x", "d_x", "127.0.0.1/32"), Secret.of("pw-x-1")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("no PostgreSQL server absent"), e.getMessage());
        List<ServerStatus> all = fx.provider.servers();
        assertTrue(all.stream().noneMatch(s -> s.name().equals("absent")), all.toString());
    }

    private static String permissions(java.nio.file.Path p) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
