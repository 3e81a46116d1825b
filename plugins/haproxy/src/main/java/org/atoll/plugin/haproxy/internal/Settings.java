package org.atoll.plugin.haproxy.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The validated configuration. Any problem makes the router unusable: it then reports DOWN with
 * {@link #problems()} rather than running proxies somewhere nobody meant.
 *
 * @param dataDirectory where each proxy gets a subdirectory
 * @param binary        the haproxy executable
 * @param timeout       how long one operation may block
 * @param problems      what is wrong; empty when usable
 */
record Settings(Path dataDirectory, Path binary, Duration timeout, List<String> problems) {

    static final String DEFAULT_BINARY = "/usr/sbin/haproxy";
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    /** Paths are written into haproxy.cfg unquoted: only characters that need no quoting there. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]{0,2000}");

    Settings {
        problems = List.copyOf(problems);
    }

    static Settings of(String dataDirectory, String binary, int timeoutSeconds) {
        List<String> problems = new ArrayList<>();
        String data = dataDirectory == null ? "" : dataDirectory.trim();
        Path dataPath = path("data.directory", data.isEmpty() ? defaultDataDirectory() : data, problems);
        String bin = binary == null || binary.isBlank() ? DEFAULT_BINARY : binary.trim();
        Path binPath = path("binary", bin, problems);
        if (timeoutSeconds < 1) {
            problems.add("timeout.seconds must be at least 1, not " + timeoutSeconds);
        }
        return new Settings(dataPath, binPath, Duration.ofSeconds(Math.max(1, timeoutSeconds)), problems);
    }

    /** Reads the typed configuration; a value the framework cannot convert is a problem, not an exception. */
    static Settings from(HaproxyConfig config) {
        List<String> problems = new ArrayList<>();
        Settings s = of(
                read("data.directory", config::data_directory, "", problems),
                read("binary", config::binary, DEFAULT_BINARY, problems),
                read("timeout.seconds", config::timeout_seconds, DEFAULT_TIMEOUT_SECONDS, problems));
        if (problems.isEmpty()) {
            return s;
        }
        problems.addAll(s.problems());
        return new Settings(s.dataDirectory, s.binary, s.timeout, problems);
    }

    boolean valid() {
        return problems.isEmpty();
    }

    private static String defaultDataDirectory() {
        String karafData = System.getProperty("karaf.data");
        String base = karafData == null || karafData.isBlank() ? System.getProperty("java.io.tmpdir") : karafData;
        return Path.of(base, "atoll", "haproxy").toString();
    }

    private static Path path(String name, String value, List<String> problems) {
        try {
            Path p = Path.of(value).normalize();
            if (!p.isAbsolute() || !SAFE_PATH.matcher(p.toString()).matches()) {
                problems.add(name + " must be an absolute path of the characters [A-Za-z0-9._/-], not '"
                        + Checks.printable(value) + "'");
            }
            return p;
        } catch (InvalidPathException e) {
            problems.add(name + " is not a path: " + Checks.printable(e.getReason()));
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
                    + ": " + Checks.printable(String.valueOf(root.getMessage())));
            return fallback;
        }
    }
}
