package org.atoll.plugin.mysql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * The directory of one server and what lives in it: {@code data/} (the datadir, present only once
 * initialisation succeeded), the pid file, logs, the admin password ({@code admin.password}, mode 0600),
 * the pending admin set-up ({@code admin-init.sql}, 0600, deleted once the admin has logged in) and
 * {@code server.properties} (the address and port it was last ensured with).
 */
final class ServerHome {

    /** Unix socket paths longer than this do not fit sockaddr_un. */
    private static final int MAX_SOCKET_PATH = 100;
    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The address and port a server was ensured with. */
    record Endpoint(String address, int port) {
    }

    private final String name;
    private final Path dir;

    ServerHome(Path root, String name) {
        this.name = name;
        this.dir = root.resolve(name);
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    Path data() {
        return dir.resolve("data");
    }

    /** Where mariadb-install-db writes; renamed to {@link #data()} only when it succeeded. */
    Path dataInProgress() {
        return dir.resolve("data.init");
    }

    Path pidFile() {
        return dir.resolve("mariadbd.pid");
    }

    Path errorLog() {
        return dir.resolve("error.log");
    }

    Path consoleLog() {
        return dir.resolve("console.log");
    }

    Path installLog() {
        return dir.resolve("install.log");
    }

    Path adminPasswordFile() {
        return dir.resolve("admin.password");
    }

    Path adminInitFile() {
        return dir.resolve("admin-init.sql");
    }

    Path endpointFile() {
        return dir.resolve("server.properties");
    }

    /**
     * In the server's directory, or under a digest of it in a private directory of /run (or /tmp)
     * when that path is too long (Karaf's own java.io.tmpdir is inside its home, usually too deep too).
     */
    Path socket() {
        Path s = dir.resolve("mariadbd.sock");
        if (s.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
            return s;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(dir.toString().getBytes(StandardCharsets.UTF_8));
            return shortDirectory().resolve(HexFormat.of().formatHex(d, 0, 8) + ".sock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path shortDirectory() {
        for (String base : new String[] {"/run", "/tmp"}) {
            Path dir = Path.of(base, "atoll-mysql");
            try {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                }
                if (Files.isWritable(dir)) {
                    return dir;
                }
            } catch (java.io.IOException | UnsupportedOperationException e) {
                // try the next one
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    boolean initialised() {
        return Files.isDirectory(data());
    }

    void createDirectory() throws IOException {
        if (!Files.isDirectory(dir.getParent())) {
            Files.createDirectories(dir.getParent());
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    Optional<Endpoint> endpoint() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(endpointFile())) {
            p.load(in);
            return Optional.of(new Endpoint(p.getProperty("address", ""), Integer.parseInt(p.getProperty("port", "0"))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void recordEndpoint(String address, int port) throws IOException {
        String text = "# written by Atoll: the address and port this server was last ensured with\n"
                + "address=" + address + "\nport=" + port + "\n";
        writePrivate(endpointFile(), text);
    }

    /** The admin password, or empty when its file is missing. */
    Optional<String> adminPassword() throws IOException {
        try {
            String p = Files.readString(adminPasswordFile(), StandardCharsets.UTF_8).strip();
            return p.isEmpty() ? Optional.empty() : Optional.of(p);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * A new admin password in {@code admin.password} and the statements that create (or reset) the admin
     * account with it in {@code admin-init.sql}, which mariadbd runs at its next start. The password is
     * alphanumeric, so it needs no escaping in SQL.
     */
    void newAdminCredentials() throws IOException {
        StringBuilder b = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            b.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        String password = b.toString();
        String account = "'" + Admin.USER + "'@'" + Admin.HOST + "'";
        writePrivate(adminPasswordFile(), password + "\n");
        writePrivate(adminInitFile(),
                "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + password + "';\n"
                + "ALTER USER " + account + " IDENTIFIED BY '" + password + "';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION;\n");
    }

    boolean adminSetUpPending() {
        return Files.isRegularFile(adminInitFile());
    }

    void adminSetUpDone() throws IOException {
        Files.deleteIfExists(adminInitFile());
    }

    /** Written to a 0600 temporary file beside {@code target}, then renamed over it. */
    private void writePrivate(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
