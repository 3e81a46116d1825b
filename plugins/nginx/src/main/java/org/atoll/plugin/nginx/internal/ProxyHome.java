package org.atoll.plugin.nginx.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory of one proxy: {@code nginx.conf} (live, the last good one), {@code table.json} (the table
 * it serves), {@code certs/} (certificate and key copies named by digest, 0600), {@code temp/},
 * {@code error.log}, {@code nginx.pid}, {@code console.log} (what nginx printed while starting) and,
 * during an apply, {@code stage/}: a scratch prefix where the next configuration is checked.
 */
final class ProxyHome {

    static final String CONF = "nginx.conf";

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

    Path conf() {
        return dir.resolve(CONF);
    }

    Path table() {
        return dir.resolve("table.json");
    }

    Path pidFile() {
        return dir.resolve("nginx.pid");
    }

    Path errorLog() {
        return dir.resolve("error.log");
    }

    Path consoleLog() {
        return dir.resolve("console.log");
    }

    Path stage() {
        return dir.resolve("stage");
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    /** The directory, traversable (not readable) by others: nginx's workers run as nobody when it runs as root. */
    void create() throws IOException {
        Files.createDirectories(dir.getParent());
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        }
        prefix(dir);
    }

    /** The live configuration's bytes; empty when there is none. */
    Optional<byte[]> liveConf() throws IOException {
        try {
            return Optional.of(Files.readAllBytes(conf()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** A fresh stage/ holding {@code conf} and {@code files}, ready for {@code nginx -t -p stage/}. */
    Path stageWith(byte[] conf, Map<String, Pem> files) throws IOException {
        deleteTree(stage());
        Files.createDirectory(stage(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        prefix(stage());
        for (Map.Entry<String, Pem> f : files.entrySet()) {
            write(stage().resolve(f.getKey()), f.getValue().bytes());
        }
        write(stage().resolve(CONF), conf);
        return stage();
    }

    /** Copies {@code files} into certs/; a file already there has the same content (its name is its digest). */
    void install(Map<String, Pem> files) throws IOException {
        for (Map.Entry<String, Pem> f : files.entrySet()) {
            if (!Files.isRegularFile(dir.resolve(f.getKey()))) {
                write(dir.resolve(f.getKey()), f.getValue().bytes());
            }
        }
    }

    /** Deletes the files of certs/ that {@code keep} does not name. */
    void pruneCertificates(Set<String> keep) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("certs"))) {
            for (Path p : files.toList()) {
                if (!keep.contains("certs/" + p.getFileName())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Written to a 0600 temporary file beside {@code target}, then renamed over it. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(bytes);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** What an nginx prefix needs before nginx creates the rest: certs/ (0700) and temp/. */
    private static void prefix(Path p) throws IOException {
        if (!Files.isDirectory(p.resolve("certs"))) {
            Files.createDirectory(p.resolve("certs"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.isDirectory(p.resolve("temp"))) {
            Files.createDirectory(p.resolve("temp"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        }
    }
}
