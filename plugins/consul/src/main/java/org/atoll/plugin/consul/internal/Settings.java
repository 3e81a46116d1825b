package org.atoll.plugin.consul.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The validated configuration. Any problem makes the whole configuration unusable: the provider then
 * reports DOWN with {@link #problems()}. The token is a secret: {@link #toString()} never shows it, and no
 * problem message quotes it.
 *
 * @param port              HTTP API port of deployed registries
 * @param datacenter        the {@code dc} of queries; empty = the agent's
 * @param token             ACL token, sent only as {@code X-Consul-Token}; empty = none
 * @param requestTimeout    bound of one call to one agent
 * @param checkInterval     interval of checks whose spec has none
 * @param checkTimeout      timeout of checks whose spec has none
 * @param aliveTtl          TTL of the {@code atoll-alive} check
 * @param deregisterAfter   {@code DeregisterCriticalServiceAfter}, as configured (Go syntax)
 * @param image             image of deployed servers
 * @param problems          what is wrong; empty when usable
 */
record Settings(int port, String datacenter, String token, Duration requestTimeout, Duration checkInterval,
        Duration checkTimeout, Duration aliveTtl, String deregisterAfter, String image, List<String> problems) {

    static final int DEFAULT_PORT = 8500;
    static final String DEFAULT_IMAGE = "hashicorp/consul:1.20";
    /** Consul's documented floor for DeregisterCriticalServiceAfter. */
    static final Duration MIN_DEREGISTER_AFTER = Duration.ofMinutes(1);

    private static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]*");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]*");

    Settings {
        problems = List.copyOf(problems);
    }

    static Settings of(int port, String datacenter, String token, int requestSeconds, int intervalSeconds,
            int timeoutSeconds, int ttlSeconds, String deregisterAfter, String image) {
        List<String> problems = new ArrayList<>();
        if (port < 1 || port > 65535) {
            problems.add("port must be between 1 and 65535, not " + port);
        }
        String dc = trim(datacenter);
        if (!dc.isEmpty() && !DATACENTER.matcher(dc).matches()) {
            problems.add("datacenter '" + dc + "' may only hold letters, digits, '-' and '_' (at most 64)");
        }
        String tok = trim(token);
        if (!TOKEN.matcher(tok).matches()) {
            problems.add(".token holds spaces or control characters (its value is not shown)");
        }
        atLeast("request.timeout.seconds", requestSeconds, 1, problems);
        atLeast("check.interval.seconds", intervalSeconds, 1, problems);
        atLeast("check.timeout.seconds", timeoutSeconds, 1, problems);
        atLeast("alive.ttl.seconds", ttlSeconds, 1, problems);
        String after = trim(deregisterAfter);
        Duration afterDuration = GoDuration.parse(after).orElse(null);
        if (afterDuration == null) {
            problems.add("deregister.critical.after '" + after + "' is not a duration such as 1m, 90s or 2h");
        } else if (afterDuration.compareTo(MIN_DEREGISTER_AFTER) < 0) {
            problems.add("deregister.critical.after '" + after + "' is below Consul's minimum of 1m");
        }
        String img = trim(image);
        if (!IMAGE.matcher(img).matches()) {
            problems.add("image '" + img + "' is not an image reference");
        }
        return new Settings(port, dc, tok, seconds(requestSeconds), seconds(intervalSeconds),
                seconds(timeoutSeconds), seconds(ttlSeconds), after, img, problems);
    }

    /** Reads the typed configuration; a value the framework cannot convert is a problem, not an exception. */
    static Settings from(ConsulConfig config) {
        List<String> problems = new ArrayList<>();
        Settings s = of(
                read("port", config::port, DEFAULT_PORT, problems),
                read("datacenter", config::datacenter, "", problems),
                read(".token", config::_token, "", problems),
                read("request.timeout.seconds", config::request_timeout_seconds, 5, problems),
                read("check.interval.seconds", config::check_interval_seconds, 10, problems),
                read("check.timeout.seconds", config::check_timeout_seconds, 2, problems),
                read("alive.ttl.seconds", config::alive_ttl_seconds, 15, problems),
                read("deregister.critical.after", config::deregister_critical_after, "1m", problems),
                read("image", config::image, DEFAULT_IMAGE, problems));
        if (problems.isEmpty()) {
            return s;
        }
        problems.addAll(s.problems);
        return new Settings(s.port, s.datacenter, s.token, s.requestTimeout, s.checkInterval, s.checkTimeout,
                s.aliveTtl, s.deregisterAfter, s.image, problems);
    }

    boolean valid() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        return "Settings[port=" + port + ", datacenter=" + datacenter + ", token="
                + (token.isEmpty() ? "(none)" : "(set)") + ", requestTimeout=" + requestTimeout
                + ", checkInterval=" + checkInterval + ", checkTimeout=" + checkTimeout + ", aliveTtl=" + aliveTtl
                + ", deregisterAfter=" + deregisterAfter + ", image=" + image + ", problems=" + problems + "]";
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static Duration seconds(int s) {
        return Duration.ofSeconds(Math.max(1, s));
    }

    private static void atLeast(String name, int value, int min, List<String> problems) {
        if (value < min) {
            problems.add(name + " must be at least " + min + ", not " + value);
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
            // Never echo what could not be read: for the token it would be the secret itself.
            problems.add(name + (root instanceof NumberFormatException ? " must be a whole number" : " cannot be read"));
            return fallback;
        }
    }
}
