package org.atoll.plugin.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;

/**
 * Real MariaDB servers, run by the provider itself from the host's binaries (Debian package
 * mariadb-server) in a temporary data directory on free loopback ports. {@link #close()} removes every
 * server under that directory, kills any mariadbd still running on it and deletes it. A missing binary
 * fails the tests: they never skip.
 */
final class MariaDb implements AutoCloseable {

    static final Path BINARIES = Path.of(System.getProperty("atoll.mysql.binary.directory", "/usr/sbin"));

    final Path root;
    private final List<MysqlProvisioner> providers = new ArrayList<>();

    MariaDb() {
        requireBinaries();
        try {
            root = Files.createTempDirectory("atoll-mysql-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Jdbc.load();
    }

    static void requireBinaries() {
        if (!Files.isExecutable(BINARIES.resolve("mariadbd")) || new Settings(Path.of("/"), BINARIES,
                Duration.ofSeconds(1), List.of()).installBinary().isEmpty()) {
            fail("No MariaDB server at " + BINARIES.resolve("mariadbd") + " (or no mariadb-install-db beside it)."
                    + " These tests run against real MariaDB servers: install them with"
                    + " `apt-get install mariadb-server` (run .ci/prepare), or point"
                    + " -Datoll.mysql.binary.directory at a directory holding mariadbd.");
        }
    }

    Settings settings() {
        return Settings.of(root.toString(), BINARIES.toString(), 30, "");
    }

    /** A provider instance on this fixture's data directory, as a (re)started kernel would get. */
    MysqlProvisioner provider() {
        MysqlProvisioner p = new MysqlProvisioner("0.0.0.test", settings());
        providers.add(p);
        return p;
    }

    static String unique(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServerSpec loopback(String name, int port) {
        return new ServerSpec(name, "node-1", "127.0.0.1", port);
    }

    ServerHome home(String name) {
        return new ServerHome(root, name);
    }

    long pid(String name) {
        return Procs.readPid(home(name).pidFile()).orElseThrow(() -> new AssertionError("no pid file for " + name));
    }

    String adminPassword(String name) {
        try {
            return Files.readString(home(name).adminPasswordFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client session, through the driver directly as any application would. */
    static Connection connect(int port, String user, String password, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5000");
        Connection c = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:" + port + "/"
                + (database == null ? "" : database), p);
        if (c == null) {
            throw new SQLException("driver refused the URL");
        }
        return c;
    }

    /** A session as the provider's admin, with the password from its file: what the tests inspect with. */
    Connection admin(String name, int port) throws SQLException {
        return connect(port, Admin.USER, adminPassword(name), null);
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static void assertRefused(int port, String user, String password, String database) {
        try {
            connect(port, user, password, database).close();
            fail("user " + user + " logged in with a password it should not have");
        } catch (SQLException e) {
            assertEquals(1045, e.getErrorCode(), "expected access denied, got " + e);
        }
    }

    static ServerStatus statusOf(MysqlProvisioner p, String name) {
        return p.servers().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + p.servers()));
    }

    @Override
    public void close() {
        MysqlProvisioner p = new MysqlProvisioner("0.0.0.test", settings());
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                try {
                    p.removeServer(d.getFileName().toString(), true);
                } catch (RuntimeException e) {
                    System.err.println("cleanup of " + d + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            System.err.println("cleanup: " + e);
        }
        for (long pid : Procs.all()) {
            if (Procs.cmdline(pid).stream().anyMatch(a -> a.startsWith("--datadir=" + root))) {
                Procs.signal(pid, true);
            }
        }
        try {
            Mariadbd.deleteTree(root);
        } catch (IOException e) {
            System.err.println("cleanup: " + e);
        }
        providers.forEach(MysqlProvisioner::close);
    }
}
