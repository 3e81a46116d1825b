package org.atoll.plugin.docker.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.atoll.api.model.Resources;

/**
 * The validated configuration. Any problem makes the whole configuration unusable: the backend then
 * reports DOWN with {@link #problems()} instead of guessing which engine was meant.
 *
 * @param host             the engine's address as configured
 * @param network          the network containers join; empty = the engine's default bridge
 * @param restartPolicy    no, on-failure, unless-stopped or always
 * @param operationTimeout bound of one engine call
 * @param pullTimeout      bound of one image pull
 * @param stopGrace        how long {@code remove} lets a running container stop before killing it
 * @param defaultLimits    limits for instances that ask for none in a dimension; 0 = unlimited
 * @param problems         what is wrong; empty when usable
 */
record Settings(String host, String network, String restartPolicy, Duration operationTimeout, Duration pullTimeout,
        Duration stopGrace, Resources defaultLimits, List<String> problems) {

    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    static final java.util.regex.Pattern NETWORK = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    static final Set<String> RESTART_POLICIES = Set.of("no", "on-failure", "unless-stopped", "always");

    Settings {
        problems = List.copyOf(problems);
    }

    static Settings of(String host, String network, String restartPolicy, int operationSeconds, int pullSeconds,
            int graceSeconds) {
        return of(host, network, restartPolicy, operationSeconds, pullSeconds, graceSeconds, 0, 0);
    }

    static Settings of(String host, String network, String restartPolicy, int operationSeconds, int pullSeconds,
            int graceSeconds, long defaultCpuMillis, long defaultMemoryMb) {
        List<String> problems = new ArrayList<>();
        String h = host == null ? "" : host.trim();
        checkHost(h).ifPresentProblem(problems);
        String policy = restartPolicy == null ? "" : restartPolicy.trim().toLowerCase(Locale.ROOT);
        if (!RESTART_POLICIES.contains(policy)) {
            problems.add("restart.policy '" + restartPolicy + "' is not one of no, on-failure, unless-stopped, always");
        }
        String net = network == null ? "" : network.trim();
        if (!net.isEmpty() && !NETWORK.matcher(net).matches()) {
            problems.add("network '" + network + "' is not a valid Docker network name");
        }
        positive("operation.timeout.seconds", operationSeconds, 1, problems);
        positive("pull.timeout.seconds", pullSeconds, 1, problems);
        positive("stop.grace.seconds", graceSeconds, 0, problems);
        if (defaultCpuMillis < 0) {
            problems.add("default.cpu.millis " + defaultCpuMillis + " is negative");
        }
        if (defaultMemoryMb < 0) {
            problems.add("default.memory.mb " + defaultMemoryMb + " is negative");
        }
        return new Settings(h, net, policy, Duration.ofSeconds(Math.max(1, operationSeconds)),
                Duration.ofSeconds(Math.max(1, pullSeconds)), Duration.ofSeconds(Math.max(0, graceSeconds)),
                new Resources(Math.max(0, defaultCpuMillis), Math.max(0, defaultMemoryMb)), problems);
    }

    /** Reads the typed configuration; a value the framework cannot convert is a problem, not an exception. */
    static Settings from(DockerConfig config) {
        List<String> problems = new ArrayList<>();
        Settings settings = of(
                read("host", config::host, DEFAULT_HOST, problems),
                read("network", config::network, "", problems),
                read("restart.policy", config::restart_policy, "unless-stopped", problems),
                read("operation.timeout.seconds", config::operation_timeout_seconds, 30, problems),
                read("pull.timeout.seconds", config::pull_timeout_seconds, 300, problems),
                read("stop.grace.seconds", config::stop_grace_seconds, 10, problems),
                read("default.cpu.millis", config::default_cpu_millis, 0L, problems),
                read("default.memory.mb", config::default_memory_mb, 0L, problems));
        if (problems.isEmpty()) {
            return settings;
        }
        problems.addAll(settings.problems());
        return new Settings(settings.host, settings.network, settings.restartPolicy, settings.operationTimeout,
                settings.pullTimeout, settings.stopGrace, settings.defaultLimits, problems);
    }

    boolean valid() {
        return problems.isEmpty();
    }

    URI hostUri() {
        return URI.create(host);
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

    private static void positive(String name, int value, int min, List<String> problems) {
        if (value < min) {
            problems.add(name + " must be at least " + min + ", not " + value);
        }
    }

    private static Check checkHost(String host) {
        URI uri;
        try {
            uri = new URI(host);
        } catch (URISyntaxException e) {
            return Check.bad(host, "is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            return Check.bad(host, "must have no user, query or fragment");
        }
        switch (scheme) {
            case "unix":
                if (uri.getRawAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/")
                        || uri.getPath().length() < 2) {
                    return Check.bad(host, "must be unix:// followed by an absolute path, e.g. " + DEFAULT_HOST);
                }
                return Check.OK;
            case "tcp":
                String path = uri.getPath() == null ? "" : uri.getPath();
                if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535
                        || !(path.isEmpty() || path.equals("/"))) {
                    return Check.bad(host, "must be tcp://host:port, e.g. tcp://127.0.0.1:2375");
                }
                return Check.OK;
            default:
                return Check.bad(host, "must start with unix:// or tcp://");
        }
    }

    private record Check(String problem) {
        static final Check OK = new Check(null);

        static Check bad(String host, String why) {
            return new Check("host '" + host + "' " + why);
        }

        void ifPresentProblem(List<String> problems) {
            if (problem != null) {
                problems.add(problem);
            }
        }
    }
}
