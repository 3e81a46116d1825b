package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Pattern;

import org.postgresql.Driver;
import org.postgresql.util.PasswordUtil;
import org.atoll.spi.ProviderException;

/**
 * The plugin's own administration of a server: TCP to 127.0.0.1 as the superuser with the password from the
 * server's 0600 file. The pgJDBC driver is instantiated directly (never through DriverManager) and with
 * loginTimeout 0, so it starts no thread of its own; connect and read timeouts bound every call. Passwords
 * of users are sent only as SCRAM-SHA-256 verifiers computed here, never in clear text.
 */
final class Admin {

    private static final Pattern VERIFIER = Pattern.compile(
            "SCRAM-SHA-256\\$[0-9]{1,7}:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+");

    private final Driver driver = new Driver();
    private final String superuser;
    private final int timeoutSeconds;

    Admin(String superuser, int timeoutSeconds) {
        this.superuser = superuser;
        this.timeoutSeconds = timeoutSeconds;
    }

    String superuser() {
        return superuser;
    }

    Connection open(ServerDir dir, int port) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", superuser);
        try {
            p.setProperty("password", dir.superuserPassword());
        } catch (IOException e) {
            throw new ProviderException("server " + dir.name() + ": cannot read its superuser password file "
                    + dir.passwordFile() + ": " + e, false, e);
        }
        p.setProperty("connectTimeout", Integer.toString(Math.min(10, timeoutSeconds)));
        p.setProperty("socketTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("loginTimeout", "0");
        p.setProperty("sslmode", "disable");
        p.setProperty("gssEncMode", "disable");
        p.setProperty("ApplicationName", "atoll-postgresql");
        Connection c = driver.connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
        if (c == null) {
            throw new IllegalStateException("pgJDBC refused its own URL");
        }
        return c;
    }

    /** Whether the server takes the superuser's login and answers a query; a refused password is no "not yet". */
    boolean accepts(ServerDir dir, int port) {
        try (Connection c = open(dir, port); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("28")) {
                throw Failures.sql("server " + dir.name(), e);
            }
            return false;
        }
    }

    /** The role's attributes, or null if it does not exist. */
    Role role(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolsuper, rolcanlogin AND NOT rolcreatedb AND NOT "
                + "rolcreaterole AND NOT rolreplication AND NOT rolbypassrls, rolpassword FROM pg_catalog.pg_authid "
                + "WHERE rolname = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Role(rs.getBoolean(1), rs.getBoolean(2), rs.getString(3)) : null;
            }
        }
    }

    /** @param plain whether the role is a plain login role; {@code verifier} its stored password */
    record Role(boolean superuser, boolean plain, String verifier) {
    }

    /** Creates the role, or makes it a plain login role again; sets the password unless it is already this one. */
    void ensureRole(Connection c, String user, char[] password) throws SQLException {
        Role r = role(c, user);
        String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
        if (r == null) {
            execute(c, "CREATE ROLE " + Names.sql(user) + attributes + " PASSWORD " + verifierLiteral(password));
            return;
        }
        refuseSuperuser(r, user);
        if (!r.plain()) {
            execute(c, "ALTER ROLE " + Names.sql(user) + attributes);
        }
        if (!matches(r.verifier(), password)) {
            execute(c, "ALTER ROLE " + Names.sql(user) + " PASSWORD " + verifierLiteral(password));
        }
    }

    /** Sets the password of an existing role. */
    void setPassword(Connection c, String server, String user, char[] password) throws SQLException {
        Role r = role(c, user);
        if (r == null) {
            throw new ProviderException("server " + server + ": user " + user + " does not exist", false);
        }
        refuseSuperuser(r, user);
        execute(c, "ALTER ROLE " + Names.sql(user) + " PASSWORD " + verifierLiteral(password));
    }

    /** Creates the database owned by {@code owner} or hands it to that owner, and takes CONNECT from PUBLIC. */
    void ensureDatabase(Connection c, String database, String owner) throws SQLException {
        String current = null;
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_catalog.pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
                if (exists) {
                    current = rs.getString(1);
                }
            }
        }
        if (!exists) {
            execute(c, "CREATE DATABASE " + Names.sql(database) + " OWNER " + Names.sql(owner));
        } else if (!owner.equals(current)) {
            execute(c, "ALTER DATABASE " + Names.sql(database) + " OWNER TO " + Names.sql(owner));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_catalog.pg_database d, "
                + "pg_catalog.aclexplode(coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba))) a "
                + "WHERE d.datname = ? AND a.grantee = 0 AND a.privilege_type IN ('CONNECT', 'TEMPORARY')")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    execute(c, "REVOKE CONNECT, TEMPORARY ON DATABASE " + Names.sql(database) + " FROM PUBLIC");
                }
            }
        }
    }

    /** Ends the user's sessions on the database that come from outside {@code cidr} (the range was narrowed). */
    int terminateOutside(Connection c, String database, String user, Cidr cidr) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_catalog.pg_terminate_backend(pid)) "
                + "FROM pg_catalog.pg_stat_activity WHERE usename = ? AND datname = ? "
                + "AND (client_addr IS NULL OR NOT client_addr <<= CAST(? AS inet))")) {
            ps.setString(1, user);
            ps.setString(2, database);
            ps.setString(3, cidr.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    void dropDatabase(Connection c, String database) throws SQLException {
        execute(c, "DROP DATABASE IF EXISTS " + Names.sql(database) + " WITH (FORCE)");
    }

    void dropRole(Connection c, String user) throws SQLException {
        Role r = role(c, user);
        if (r == null) {
            return;
        }
        refuseSuperuser(r, user);
        execute(c, "DROP ROLE IF EXISTS " + Names.sql(user));
    }

    private static void refuseSuperuser(Role r, String user) {
        if (r.superuser()) {
            throw new ProviderException("user " + user + " is a superuser; Atoll does not manage superusers", false);
        }
    }

    /** Whether {@code verifier} is the SCRAM-SHA-256 verifier of {@code password} (so setting it is a no-op). */
    static boolean matches(String verifier, char[] password) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        String[] parts = verifier.substring("SCRAM-SHA-256$".length()).split("[$:]");
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        char[] copy = password.clone();
        try {
            String computed = PasswordUtil.encodeScramSha256(copy, Integer.parseInt(parts[0]), salt);
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    verifier.getBytes(StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            return false;
        } finally {
            Arrays.fill(copy, '\0');
        }
    }

    /** A fresh verifier (random salt) as a SQL literal: base64 and '$:' only, checked, so quoting is trivial. */
    private static String verifierLiteral(char[] password) {
        char[] copy = password.clone();
        String v;
        try {
            v = PasswordUtil.encodeScramSha256(copy);
        } finally {
            Arrays.fill(copy, '\0');
        }
        if (!VERIFIER.matcher(v).matches()) {
            throw new IllegalStateException("unexpected SCRAM verifier shape");
        }
        return "'" + v + "'";
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
