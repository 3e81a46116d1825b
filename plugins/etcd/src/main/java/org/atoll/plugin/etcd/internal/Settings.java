package org.atoll.plugin.etcd.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The validated configuration. Any problem makes the provider unusable: it then reports DOWN with
 * {@link #problems()} rather than publishing under a prefix nobody meant.
 *
 * @param prefix         key prefix, {@code /a/b} form
 * @param leaseTtl       TTL of the provider's lease
 * @param requestTimeout bound of one etcd request
 * @param checkInterval  interval of checks that set none
 * @param checkTimeout   timeout of checks that set none
 * @param image          image of deployed servers
 * @param clientPort     client port of deployed servers
 * @param peerPort       peer port of deployed servers
 * @param problems       what is wrong; empty when usable
 */
record Settings(String prefix, Duration leaseTtl, Duration requestTimeout, Duration checkInterval,
        Duration checkTimeout, String image, int clientPort, int peerPort, List<String> problems) {

    static final String DEFAULT_PREFIX = "/services";
    static final String DEFAULT_IMAGE = "atoll/etcd:3.4.23";
    static final int MIN_TTL_SECONDS = 2;

    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._-]+)+");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]*");

    Settings {
        problems = List.copyOf(problems);
    }

    static Settings defaults() {
        return of(DEFAULT_PREFIX, 10, 5, 10, 2, DEFAULT_IMAGE, 2379, 2380);
    }

    static Settings of(String prefix, int ttlSeconds, int requestSeconds, int intervalSeconds, int timeoutSeconds,
            String image, int clientPort, int peerPort) {
        List<String> problems = new ArrayList<>();
        String p = prefix == null ? "" : prefix.trim();
        if (!PREFIX.matcher(p).matches() || p.contains("/./") || p.contains("/../") || p.endsWith("/.")
                || p.endsWith("/..")) {
            problems.add("prefix '" + prefix + "' must be an absolute key path such as /services"
                    + " (segments of letters, digits, '.', '_', '-'; no trailing slash)");
        }
        atLeast("lease.ttl.seconds", ttlSeconds, MIN_TTL_SECONDS, problems);
        atLeast("request.timeout.seconds", requestSeconds, 1, problems);
        atLeast("check.interval.seconds", intervalSeconds, 1, problems);
        atLeast("check.timeout.seconds", timeoutSeconds, 1, problems);
        String img = image == null ? "" : image.trim();
        if (!IMAGE.matcher(img).matches()) {
            problems.add("image '" + image + "' is not an image reference such as " + DEFAULT_IMAGE);
        }
        port("client.port", clientPort, problems);
        port("peer.port", peerPort, problems);
        if (clientPort == peerPort) {
            problems.add("client.port and peer.port must differ, both are " + clientPort);
        }
        return new Settings(p, seconds(ttlSeconds, MIN_TTL_SECONDS), seconds(requestSeconds, 1),
                seconds(intervalSeconds, 1), seconds(timeoutSeconds, 1), img, clientPort, peerPort, problems);
    }

    /** Reads the typed configuration; a value the framework cannot convert is a problem, not an exception. */
    static Settings from(EtcdConfig config) {
        List<String> problems = new ArrayList<>();
        Settings s = of(
                read("prefix", config::prefix, DEFAULT_PREFIX, problems),
                read("lease.ttl.seconds", config::lease_ttl_seconds, 10, problems),
                read("request.timeout.seconds", config::request_timeout_seconds, 5, problems),
                read("check.interval.seconds", config::check_interval_seconds, 10, problems),
                read("check.timeout.seconds", config::check_timeout_seconds, 2, problems),
                read("image", config::image, DEFAULT_IMAGE, problems),
                read("client.port", config::client_port, 2379, problems),
                read("peer.port", config::peer_port, 2380, problems));
        if (problems.isEmpty()) {
            return s;
        }
        problems.addAll(s.problems());
        return new Settings(s.prefix, s.leaseTtl, s.requestTimeout, s.checkInterval, s.checkTimeout, s.image,
                s.clientPort, s.peerPort, problems);
    }

    boolean valid() {
        return problems.isEmpty();
    }

    private static Duration seconds(int value, int min) {
        return Duration.ofSeconds(Math.max(min, value));
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

    private static void atLeast(String name, int value, int min, List<String> problems) {
        if (value < min) {
            problems.add(name + " must be at least " + min + ", not " + value);
        }
    }

    private static void port(String name, int value, List<String> problems) {
        if (value < 1 || value > 65535) {
            problems.add(name + " must be a port between 1 and 65535, not " + value);
        }
    }
}
