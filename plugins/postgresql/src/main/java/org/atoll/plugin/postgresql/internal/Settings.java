package org.atoll.plugin.postgresql.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The validated configuration. Any problem makes the whole configuration unusable: the provider then reports
 * DOWN with {@link #problems()} and refuses every operation.
 *
 * @param dataDirectory one subdirectory per server
 * @param binDirectory  where {@code initdb} and {@code postgres} are
 * @param osUser        the OS user servers run as
 * @param timeout       how long one operation may block
 * @param problems      what is wrong; empty when usable
 */
record Settings(Path dataDirectory, Path binDirectory, String osUser, Duration timeout, List<String> problems) {

    static final String DEFAULT_BINARIES = "/usr/lib/postgresql/15/bin";
    static final String DEFAULT_OS_USER = "postgres";
    static final int DEFAULT_TIMEOUT_SECONDS = 30;

    private static final Pattern OS_USER = Pattern.compile("[a-z_][a-z0-9_]{0,31}");

    Settings {
        problems = List.copyOf(problems);
    }

    /**
     * @param karafData {@code karaf.data}, or null outside Karaf
     * @param tmpDir    {@code java.io.tmpdir}, the fallback when karaf.data is unset
     */
    static Settings of(String dataDirectory, String binDirectory, String osUser, int timeoutSeconds,
            String karafData, String tmpDir) {
        List<String> problems = new ArrayList<>();
        String data = trim(dataDirectory);
        Path dataPath;
        if (data.isEmpty()) {
            String base = trim(karafData).isEmpty() ? trim(tmpDir) : trim(karafData);
            dataPath = Path.of(base.isEmpty() ? "/tmp" : base, "atoll", "postgresql").toAbsolutePath().normalize();
        } else {
            dataPath = absolute("data.directory", data, problems);
        }
        Path bin = absolute("binary.directory", trim(binDirectory).isEmpty() ? DEFAULT_BINARIES : trim(binDirectory),
                problems);
        String user = trim(osUser).isEmpty() ? DEFAULT_OS_USER : trim(osUser);
        if (!OS_USER.matcher(user).matches()) {
            problems.add("os.user '" + Names.shown(user) + "' is not a user name that is also a role name "
                    + "([a-z_][a-z0-9_]*)");
        } else if (user.equals("root")) {
            problems.add("os.user must not be root: PostgreSQL refuses to run as root");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            problems.add("timeout.seconds must be between 1 and 3600, not " + timeoutSeconds);
        }
        return new Settings(dataPath, bin, user, Duration.ofSeconds(Math.max(1, Math.min(3600, timeoutSeconds))),
                problems);
    }

    /** Reads the typed configuration; a value the framework cannot convert is a problem, not an exception. */
    static Settings from(PostgresqlConfig config) {
        List<String> problems = new ArrayList<>();
        Settings s = of(
                read("data.directory", config::data_directory, "", problems),
                read("binary.directory", config::binary_directory, DEFAULT_BINARIES, problems),
                read("os.user", config::os_user, DEFAULT_OS_USER, problems),
                read("timeout.seconds", config::timeout_seconds, DEFAULT_TIMEOUT_SECONDS, problems),
                System.getProperty("karaf.data"), System.getProperty("java.io.tmpdir"));
        if (problems.isEmpty()) {
            return s;
        }
        problems.addAll(s.problems);
        return new Settings(s.dataDirectory, s.binDirectory, s.osUser, s.timeout, problems);
    }

    boolean valid() {
        return problems.isEmpty();
    }

    Path binary(String name) {
        return binDirectory.resolve(name);
    }

    private static Path absolute(String key, String value, List<String> problems) {
        Path p;
        try {
            p = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(key + " is not a path: '" + Names.shown(value) + "'");
            return Path.of("/nonexistent");
        }
        if (!p.isAbsolute()) {
            problems.add(key + " must be an absolute path, not '" + Names.shown(value) + "'");
            return p.toAbsolutePath().normalize();
        }
        return p.normalize();
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static <T> T read(String name, Supplier<T> value, T fallback, List<String> problems) {
        try {
            T v = value.get();
            return v == null ? fallback : v;
        } catch (RuntimeException e) {
            problems.add(name + " cannot be read: " + e.getMessage());
            return fallback;
        }
    }
}
