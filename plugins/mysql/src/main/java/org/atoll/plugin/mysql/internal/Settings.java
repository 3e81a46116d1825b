package org.atoll.plugin.mysql.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The validated configuration. Any problem makes the provider unusable: it then reports DOWN with
 * {@link #problems()} rather than running servers somewhere nobody meant.
 *
 * @param dataDirectory   where each server gets a subdirectory
 * @param binaryDirectory where mariadbd is
 * @param timeout         how long one operation may block
 * @param problems        what is wrong; empty when usable
 */
record Settings(Path dataDirectory, Path binaryDirectory, Duration timeout, List<String> problems) {

    static final String DEFAULT_BINARY_DIRECTORY = "/usr/sbin";
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final String SERVER_BINARY = "mariadbd";
    static final String INSTALL_BINARY = "mariadb-install-db";

    Settings {
        problems = List.copyOf(problems);
    }

    static Settings defaults() {
        return of("", DEFAULT_BINARY_DIRECTORY, DEFAULT_TIMEOUT_SECONDS, "");
    }

    static Settings of(String dataDirectory, String binaryDirectory, int timeoutSeconds, String image) {
        List<String> problems = new ArrayList<>();
        String data = dataDirectory == null ? "" : dataDirectory.trim();
        Path dataPath = path("data.directory", data.isEmpty() ? defaultDataDirectory() : data, problems);
        String bin = binaryDirectory == null || binaryDirectory.isBlank() ? DEFAULT_BINARY_DIRECTORY
                : binaryDirectory.trim();
        Path binPath = path("binary.directory", bin, problems);
        if (timeoutSeconds < 1) {
            problems.add("timeout.seconds must be at least 1, not " + timeoutSeconds);
        }
        if (image != null && !image.isBlank()) {
            problems.add("image '" + Names.printable(image) + "' is not supported yet: leave it empty (servers run"
                    + " as processes of the host's MariaDB binaries)");
        }
        return new Settings(dataPath, binPath, Duration.ofSeconds(Math.max(1, timeoutSeconds)), problems);
    }

    /** Reads the typed configuration; a value the framework cannot convert is a problem, not an exception. */
    static Settings from(MysqlConfig config) {
        List<String> problems = new ArrayList<>();
        Settings s = of(
                read("data.directory", config::data_directory, "", problems),
                read("binary.directory", config::binary_directory, DEFAULT_BINARY_DIRECTORY, problems),
                read("timeout.seconds", config::timeout_seconds, DEFAULT_TIMEOUT_SECONDS, problems),
                read("image", config::image, "", problems));
        if (problems.isEmpty()) {
            return s;
        }
        problems.addAll(s.problems());
        return new Settings(s.dataDirectory, s.binaryDirectory, s.timeout, problems);
    }

    boolean valid() {
        return problems.isEmpty();
    }

    Path serverBinary() {
        return binaryDirectory.resolve(SERVER_BINARY);
    }

    /** mariadb-install-db: beside mariadbd, in ../bin (Debian: /usr/bin) or ../scripts (release tarballs). */
    Optional<Path> installBinary() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(binaryDirectory.resolve(INSTALL_BINARY));
        Path parent = binaryDirectory.getParent();
        if (parent != null) {
            candidates.add(parent.resolve("bin").resolve(INSTALL_BINARY));
            candidates.add(parent.resolve("scripts").resolve(INSTALL_BINARY));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** The installation prefix mariadb-install-db finds mariadbd and its SQL scripts under. */
    Path baseDirectory() {
        Path parent = binaryDirectory.getParent();
        return parent == null ? binaryDirectory : parent;
    }

    private static String defaultDataDirectory() {
        String karafData = System.getProperty("karaf.data");
        String base = karafData == null || karafData.isBlank() ? System.getProperty("java.io.tmpdir") : karafData;
        return Path.of(base, "atoll", "mysql").toString();
    }

    private static Path path(String name, String value, List<String> problems) {
        try {
            Path p = Path.of(value);
            if (!p.isAbsolute()) {
                problems.add(name + " must be an absolute path, not '" + Names.printable(value) + "'");
            }
            return p.normalize();
        } catch (InvalidPathException e) {
            problems.add(name + " is not a path: " + e.getReason());
            return Path.of("/nonexistent");
        }
    }

    private static <T> T read(String name, Supplier<T> value, T fallback, List<String> problems) {
        try {
            T v = value.get();
            return v == null ? fallback : v;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            problems.add(name + (root instanceof NumberFormatException ? " must be a whole number" : " cannot be read")
                    + ": " + root.getMessage());
            return fallback;
        }
    }
}
