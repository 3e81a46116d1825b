package org.atoll.plugin.haproxy.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory of one proxy (mode 0700) and what lives in it: {@code haproxy.cfg} (the live
 * configuration), {@code scratch/} (where a new one is validated), {@code files/} (content-addressed
 * certificates, maps, digest users and the Lua script, all 0600), {@code table.json} (the table served,
 * passwords redacted), {@code nonce.secret}, {@code haproxy.pid} and {@code haproxy.log} (the master's output).
 * The sockets live here too, or under /run/atoll-haproxy/&lt;digest&gt; when this path is too long for one.
 */
final class ProxyHome {

    /** HAProxy's own limit for a UNIX socket path (it binds a temporary name beside it first). */
    static final int MAX_SOCKET_PATH = 97;
    private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Path dir;

    ProxyHome(Path root, String name) {
        this.name = name;
        this.dir = root.resolve(name);
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    Path config() {
        return dir.resolve("haproxy.cfg");
    }

    Path scratch() {
        return dir.resolve("scratch");
    }

    Path files() {
        return dir.resolve("files");
    }

    Path table() {
        return dir.resolve("table.json");
    }

    Path secret() {
        return dir.resolve("nonce.secret");
    }

    Path pidFile() {
        return dir.resolve("haproxy.pid");
    }

    Path log() {
        return dir.resolve("haproxy.log");
    }

    Path masterSocket() {
        return socketDirectory().resolve("master.sock");
    }

    Path adminSocket() {
        return socketDirectory().resolve("admin.sock");
    }

    /** This directory, or a private one under /run (else /tmp) named after a digest of it. */
    Path socketDirectory() {
        if (dir.resolve("master.sock").toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH) {
            return dir;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(dir.toString().getBytes(StandardCharsets.UTF_8));
            String leaf = HexFormat.of().formatHex(d, 0, 12);
            return Path.of(Files.isWritable(Path.of("/run")) ? "/run" : "/tmp", "atoll-haproxy", leaf);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    void create() throws IOException {
        Files.createDirectories(dir.getParent());
        for (Path d : new Path[] {dir, scratch(), files(), socketDirectory()}) {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d.getParent());
                Files.createDirectory(d, DIR_MODE);
            }
        }
    }

    Optional<byte[]> liveConfig() throws IOException {
        try {
            return Optional.of(Files.readAllBytes(config()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The per-proxy secret the digest nonces are signed with; made once, kept across reloads and restarts. */
    void ensureSecret() throws IOException {
        if (!Files.isRegularFile(secret())) {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            writePrivate(secret(), (HexFormat.of().formatHex(b) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Written to a 0600 temporary file beside {@code target}, then renamed over it. */
    static void writePrivate(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", FILE_MODE);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(content);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes the directory and a socket directory outside it. */
    void delete() throws IOException {
        Path sockets = socketDirectory();
        deleteTree(dir);
        if (!sockets.startsWith(dir)) {
            deleteTree(sockets);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
