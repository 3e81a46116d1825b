package org.atoll.plugin.mysql.internal;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.DatabaseSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts and databases on one running server, through this provider's admin account over TCP to
 * 127.0.0.1. Names are checked identifiers, quoted with backticks where MariaDB wants a name; account
 * names and passwords are bound parameters (escaped by the driver, which prepares on the client, so
 * that the account statements accept them). Nothing here logs or throws a password.
 */
final class Admin implements AutoCloseable {

    static final String USER = "atoll_admin";
    static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(Admin.class);

    private final String server;
    private final Connection connection;

    private Admin(String server, Connection connection) {
        this.server = server;
        this.connection = connection;
    }

    static Admin connect(String server, int port, String adminPassword, Duration timeout) throws SQLException {
        return new Admin(server, Jdbc.connect(port, USER, adminPassword, timeout));
    }

    /** Logs in as the admin and out again. */
    static void probe(int port, String adminPassword, Duration timeout) throws SQLException {
        Jdbc.connect(port, USER, adminPassword, timeout).close();
    }

    /** The database, the account for exactly {@code range} with {@code password}, and the grant. */
    void ensure(DatabaseSpec spec, HostRange range, String password) throws SQLException {
        String db = Names.quote(spec.database());
        String host = range.accountHost();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + db);
        }
        account("CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?", spec.user(), host, password);
        account("ALTER USER ?@? IDENTIFIED BY ?", spec.user(), host, password);
        account("GRANT ALL PRIVILEGES ON " + db + ".* TO ?@?", spec.user(), host, null);
        for (String other : hosts(spec.user())) {
            if (!other.equals(host)) {
                account("DROP USER IF EXISTS ?@?", spec.user(), other, null);
                LOG.info("mysql server {}: dropped account '{}'@'{}' (the allowed range is now {})", server,
                        spec.user(), other, range);
            }
        }
        closeSessions(spec.user(), range);
    }

    /** Sets {@code password} on every host entry of {@code user}; false when there is none. */
    boolean rotate(String user, String password) throws SQLException {
        List<String> hosts = hosts(user);
        for (String host : hosts) {
            account("ALTER USER ?@? IDENTIFIED BY ?", user, host, password);
        }
        return !hosts.isEmpty();
    }

    /** Drops every host entry of the user, its sessions, and the database; absent is fine. */
    void drop(DatabaseSpec spec) throws SQLException {
        for (String host : hosts(spec.user())) {
            account("DROP USER IF EXISTS ?@?", spec.user(), host, null);
        }
        closeSessions(spec.user(), null);
        try (Statement s = connection.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + Names.quote(spec.database()));
        }
    }

    List<String> hosts(String user) throws SQLException {
        List<String> hosts = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT Host FROM mysql.user WHERE User = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hosts.add(rs.getString(1));
                }
            }
        }
        return hosts;
    }

    /** Ends the user's sessions from outside {@code range} (all of them when null): access is exactly the range. */
    private void closeSessions(String user, HostRange range) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT ID, HOST FROM information_schema.PROCESSLIST WHERE USER = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (range == null || !inRange(rs.getString(2), range)) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
        }
        for (long id : ids) {
            try (PreparedStatement ps = connection.prepareStatement("KILL CONNECTION ?")) {
                ps.setLong(1, id);
                ps.execute();
            } catch (SQLException e) {
                if (e.getErrorCode() != 1094) { // unknown thread: it ended by itself
                    throw e;
                }
            }
        }
        if (!ids.isEmpty()) {
            LOG.info("mysql server {}: closed {} session(s) of user '{}' from outside its range", server, ids.size(),
                    user);
        }
    }

    private static boolean inRange(String clientHost, HostRange range) {
        int colon = clientHost == null ? -1 : clientHost.lastIndexOf(':');
        String ip = colon > 0 ? clientHost.substring(0, colon) : clientHost;
        try {
            InetAddress a = Names.address(ip);
            return range.contains(a);
        } catch (ProviderException e) {
            return false;
        }
    }

    private void account(String sql, String user, String host, String password) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, user);
            ps.setString(2, host);
            if (password != null) {
                ps.setString(3, password);
            }
            ps.execute();
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the server drops the session anyway
        }
    }
}
