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
 * @param runAs         the user and group the workers drop to; null to keep this process's
 * @param problems      what is wrong; empty when usable
 */
record Settings(Path dataDirectory, Path binary, Duration timeout, RunAs runAs, List<String> problems) {

    /**
     * A local account as numbers (HAProxy's {@code uid}/{@code gid}), so that the daemon resolves
     * nothing by name.
     */
    record RunAs(String user, int uid, int gid) {
    }

    static final String DEFAULT_USER = "haproxy";
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    static final String DEFAULT_BINARY = "/usr/sbin/haproxy";
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    /** Paths are written into haproxy.cfg unquoted: only characters that need no quoting there. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]{0,2000}");

    Settings {
        problems = List.copyOf(problems);
    }

    static Settings of(String dataDirectory, String binary, int timeoutSeconds) {
        return of(dataDirectory, binary, timeoutSeconds, DEFAULT_USER, Path.of("/etc/passwd"), isRoot());
    }

    /**
     * @param user   the account workers drop to when this process is root; empty = none
     * @param passwd where accounts are looked up
     * @param root   whether this process runs as root (only root can drop to another user)
     */
    static Settings of(String dataDirectory, String binary, int timeoutSeconds, String user, Path passwd,
            boolean root) {
        List<String> problems = new ArrayList<>();
        String data = dataDirectory == null ? "" : dataDirectory.trim();
        Path dataPath = path("data.directory", data.isEmpty() ? defaultDataDirectory() : data, problems);
        String bin = binary == null || binary.isBlank() ? DEFAULT_BINARY : binary.trim();
        Path binPath = path("binary", bin, problems);
        if (timeoutSeconds < 1) {
            problems.add("timeout.seconds must be at least 1, not " + timeoutSeconds);
        }
        RunAs runAs = root ? runAs(user == null ? "" : user.trim(), passwd, problems) : null;
        return new Settings(dataPath, binPath, Duration.ofSeconds(Math.max(1, timeoutSeconds)), runAs, problems);
    }

    /** The account named {@code user} in {@code passwd}; null for none (empty) or when it is a problem. */
    static RunAs runAs(String user, Path passwd, List<String> problems) {
        if (user.isEmpty()) {
            return null;
        }
        if (!USER.matcher(user).matches()) {
            problems.add("run.user must be a user name of the characters [a-z0-9_-], not '" + Checks.printable(user) + "'");
            return null;
        }
        try {
            for (String line : java.nio.file.Files.readAllLines(passwd)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(user)) {
                    int uid = Integer.parseInt(f[2]);
                    int gid = Integer.parseInt(f[3]);
                    if (uid == 0 || gid == 0) {
                        problems.add("run.user " + user + " is root; name an unprivileged account, or leave it empty");
                        return null;
                    }
                    return new RunAs(user, uid, gid);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            problems.add("run.user " + user + ": " + passwd + " cannot be read: " + Checks.printable(String.valueOf(e.getMessage())));
            return null;
        }
        problems.add("run.user " + user + " is not an account in " + passwd
                + " (the haproxy package creates it; or set run.user empty to keep the workers' user)");
        return null;
    }

    /** Whether this process runs as root, from its own /proc entry; false when that cannot be read. */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads the typed configuration; a value the framework cannot convert is a problem, not an exception. */
    static Settings from(HaproxyConfig config) {
        List<String> problems = new ArrayList<>();
        Settings s = of(
                read("data.directory", config::data_directory, "", problems),
                read("binary", config::binary, DEFAULT_BINARY, problems),
                read("timeout.seconds", config::timeout_seconds, DEFAULT_TIMEOUT_SECONDS, problems),
                read("run.user", config::run_user, DEFAULT_USER, problems), Path.of("/etc/passwd"), isRoot());
        if (problems.isEmpty()) {
            return s;
        }
        problems.addAll(s.problems());
        return new Settings(s.dataDirectory, s.binary, s.timeout, s.runAs, problems);
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
