package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.database.ServerStatus;

/**
 * Real PostgreSQL servers for a test class, run by the provider itself on a temporary data directory owned
 * by postgres, on free ports. Without the PostgreSQL binaries the tests fail (never skip). {@link #close()}
 * stops every server under the directory and deletes it.
 */
final class Fixture implements AutoCloseable {

    static final Path BIN = Path.of(System.getProperty("atoll.postgresql.bin", Settings.DEFAULT_BINARIES));
    static final String OS_USER = "postgres";

    final Path base;
    final PostgresqlProvisioner provider;

    private Fixture(Path base) {
        this.base = base;
        this.provider = newProvider();
    }

    static Fixture create() throws IOException {
        requireBinaries();
        Path base = Files.createTempDirectory(Path.of("/tmp"), "atoll-pg-test-");
        new OsFiles(OS_USER).privateDirectory(base);
        return new Fixture(base);
    }

    static void requireBinaries() {
        for (String b : List.of("postgres", "initdb")) {
            if (!Files.isExecutable(BIN.resolve(b))) {
                fail(BIN.resolve(b) + " is missing: these tests run real PostgreSQL 15 servers. Install it with "
                        + "`apt-get install postgresql` (Debian 12: postgresql-15), or point -Datoll.postgresql.bin "
                        + "at its bin directory.");
            }
        }
    }

    /** A provider as a new kernel would make it: same configuration, nothing shared but the disk. */
    PostgresqlProvisioner newProvider() {
        return new PostgresqlProvisioner("test", settings());
    }

    Settings settings() {
        Settings s = Settings.of(base.toString(), BIN.toString(), OS_USER, 30, null, "/tmp");
        assertTrue(s.valid(), s.problems().toString());
        return s;
    }

    ServerStatus server(String name, String address) {
        return provider.ensureServer(new ServerSpec(name, "node1", address, freePort()));
    }

    ServerDir dir(String name) {
        return new ServerDir(name, base.resolve(name));
    }

    Postmaster postmaster(String name) {
        Optional<Postmaster> pm = Postmaster.read(dir(name).pidFile());
        assertTrue(pm.isPresent() && pm.get().alive(), "postmaster of " + name + " is running");
        return pm.get();
    }

    /** Processes whose command line names this server's data directory: its postmaster(s). */
    long postmasters(String name) throws IOException {
        String data = dir(name).data().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).filter(p -> {
                try {
                    List<String> args = List.of(new String(Files.readAllBytes(p.resolve("cmdline"))).split("\0"));
                    int d = args.indexOf("-D");
                    return d >= 0 && d + 1 < args.size() && args.get(d + 1).equals(data)
                            && args.get(0).endsWith("/postgres")
                            && Postmaster.exists(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }).count();
        }
    }

    String superuserPassword(String name) throws IOException {
        return dir(name).superuserPassword();
    }

    Connection superuser(String name) throws SQLException, IOException {
        return connect("127.0.0.1", postmaster(name).port(), "postgres", OS_USER, superuserPassword(name));
    }

    static Connection connect(String host, int port, String database, String user, String password)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslmode", "disable");
        p.setProperty("gssEncMode", "disable");
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "0");
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
    }

    static String queryOne(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills {@code pid} with SIGKILL and waits until it and the given children are gone. */
    static void killAndWait(long pid, List<Long> children) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Waits.until(Duration.ofSeconds(15), "process " + pid + " and its children gone",
                () -> !Postmaster.exists(pid) && children.stream().noneMatch(Postmaster::exists));
    }

    /** Stops every server under the base directory (whoever started it) and deletes the directory. */
    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(base)) {
            try (Stream<Path> dirs = Files.list(base)) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    String name = d.getFileName().toString();
                    try {
                        provider.removeServer(name, true);
                    } catch (RuntimeException e) {
                        problems.add(name + ": " + e.getMessage());
                        Postmaster.read(dir(name).pidFile()).filter(Postmaster::alive)
                                .ifPresent(pm -> killAndWait(pm.pid(), Postmaster.children(pm.pid())));
                    }
                }
            }
            OsFiles.deleteTree(base);
        }
        assertTrue(problems.isEmpty(), "servers did not stop cleanly: " + problems);
    }

    static void chmod(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }
}
