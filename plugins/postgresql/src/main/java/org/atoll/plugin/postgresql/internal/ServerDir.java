package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The directory of one server, {@code DATA_DIRECTORY/NAME}, owned by the OS user, mode 0700:
 * <pre>
 * data/               PGDATA: initdb runs in data.initdb/, renamed once done; the plugin writes its pg_hba.conf
 * run/                the Unix socket directory (-k)
 * log/                the logging collector's files
 * startup.log         the server's stderr before the collector takes over
 * initdb.log          output of the one initdb run
 * superuser.password  the generated superuser password, 0600: initdb's --pwfile, then the plugin's login
 * server.properties   address, port and node the server was last started with
 * databases           the plugin's record of databases: "DATABASE USER CIDR" per line
 * </pre>
 */
record ServerDir(String name, Path root) {

    Path data() {
        return root.resolve("data");
    }

    /**
     * Where the server's unix socket lives: in its directory, or, when that path does not fit a
     * socket address (107 bytes), in a directory of /run named after a digest of it.
     */
    Path run() {
        Path own = root.resolve("run");
        if (own.resolve(".s.PGSQL.65535.lock").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                <= 107) {
            return own;
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Path.of("/run", "atoll-postgresql", java.util.HexFormat.of().formatHex(d, 0, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path log() {
        return root.resolve("log");
    }

    Path startupLog() {
        return root.resolve("startup.log");
    }

    Path initdbLog() {
        return root.resolve("initdb.log");
    }

    Path passwordFile() {
        return root.resolve("superuser.password");
    }

    Path properties() {
        return root.resolve("server.properties");
    }

    Path databases() {
        return root.resolve("databases");
    }

    Path pidFile() {
        return data().resolve("postmaster.pid");
    }

    Path hba() {
        return data().resolve("pg_hba.conf");
    }

    boolean exists() {
        return Files.isDirectory(root);
    }

    boolean initialised() {
        return Files.isRegularFile(data().resolve("PG_VERSION"));
    }

    /** The major version the data directory was initialised by, e.g. {@code 15}. */
    String dataVersion() throws IOException {
        return Files.readString(data().resolve("PG_VERSION"), StandardCharsets.US_ASCII).trim();
    }

    String superuserPassword() throws IOException {
        return Files.readString(passwordFile(), StandardCharsets.US_ASCII).trim();
    }

    /** What the server was last started with. */
    record Started(String address, int port, String node) {
    }

    Optional<Started> started() throws IOException {
        String text;
        try {
            text = Files.readString(properties(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        try {
            return Optional.of(new Started(Names.address(p.getProperty("address")),
                    Integer.parseInt(p.getProperty("port", "")), p.getProperty("node", "")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    void recordStarted(OsFiles files, Started s) throws IOException {
        Properties p = new Properties();
        p.setProperty("address", s.address());
        p.setProperty("port", Integer.toString(s.port()));
        p.setProperty("node", s.node() == null ? "" : s.node());
        StringWriter w = new StringWriter();
        p.store(w, "Atoll PostgreSQL server " + name + ": what it was last started with");
        files.writePrivate(properties(), w.toString().getBytes(StandardCharsets.UTF_8));
    }
}
