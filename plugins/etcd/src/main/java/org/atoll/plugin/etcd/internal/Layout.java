package org.atoll.plugin.etcd.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.atoll.api.model.CheckSpec;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.CheckStatus;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.ServiceHealth;

import io.etcd.jetcd.ByteSequence;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The key layout {@code PREFIX/ENVIRONMENT/NAME/PORT/HOST-PORT/ID} and the JSON value under it
 * (embassy's field names: {@code host}, {@code ipaddress}, {@code host_port} and {@code port} as
 * strings, plus the checks with their latest results). Anything under the prefix that does not fit
 * is ignored, never guessed at.
 */
final class Layout {

    /** A key segment: what DNS labels, instance ids ({@code id:port}) and environments are made of. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");

    private final String prefix;

    Layout(String prefix) {
        this.prefix = prefix;
    }

    /** The parts of a key. */
    record Key(String environment, String name, int port, int hostPort, String id) {
    }

    String prefix() {
        return prefix;
    }

    /** Everything under the layout: {@code PREFIX/}. */
    ByteSequence root() {
        return bytes(prefix + "/");
    }

    String key(Registration r) {
        segment("environment", r.environment());
        segment("name", r.name());
        segment("id", r.id());
        port("port", r.port());
        port("hostPort", r.hostPort());
        return prefix + "/" + r.environment() + "/" + r.name() + "/" + r.port() + "/" + r.hostPort() + "/" + r.id();
    }

    Optional<Key> parseKey(String key) {
        if (key == null || !key.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        String[] parts = key.substring(prefix.length() + 1).split("/", -1);
        if (parts.length != 5 || !SEGMENT.matcher(parts[0]).matches() || !SEGMENT.matcher(parts[1]).matches()
                || !SEGMENT.matcher(parts[4]).matches()) {
            return Optional.empty();
        }
        int port = parsePort(parts[2]);
        int hostPort = parsePort(parts[3]);
        if (port < 0 || hostPort < 0) {
            return Optional.empty();
        }
        return Optional.of(new Key(parts[0], parts[1], port, hostPort, parts[4]));
    }

    String value(Registration r, String key, List<CheckStatus> checks) {
        JsonArray cs = new JsonArray();
        Map<String, CheckSpec> specs = new java.util.HashMap<>();
        r.checks().forEach(c -> specs.put(c.name(), c));
        for (CheckStatus c : checks) {
            JsonObject o = new JsonObject()
                    .put("name", c.name())
                    .put("type", c.type())
                    .put("target", c.target())
                    .put("status", c.status().name().toLowerCase(java.util.Locale.ROOT))
                    .put("output", c.output())
                    .put("since", c.since() == null ? null : c.since().toString());
            CheckSpec spec = specs.get(c.name());
            if (spec != null && spec.interval() != null) {
                o.put("interval", spec.interval().toString());
            }
            if (spec != null && spec.timeout() != null) {
                o.put("timeout", spec.timeout().toString());
            }
            cs.add(o);
        }
        return new JsonObject()
                .put("id", r.id())
                .put("name", r.name())
                .put("environment", r.environment())
                .put("host", r.node())
                .put("node", r.node())
                .put("ipaddress", r.address())
                .put("host_port", Integer.toString(r.hostPort()))
                .put("port", Integer.toString(r.port()))
                .put("proto", r.proto())
                .put("image", r.image())
                .put("tags", new JsonArray(new ArrayList<>(r.tags())))
                .put("path", key)
                .put("checks", cs)
                .put("healthy", checks.stream().allMatch(c -> c.status() == CheckStatus.Status.PASSING))
                .encode();
    }

    /** The registration under {@code key}, if key and value both fit the layout and agree. */
    Optional<ServiceHealth> parse(String key, String value) {
        Optional<Key> k = parseKey(key);
        if (k.isEmpty() || value == null) {
            return Optional.empty();
        }
        try {
            JsonObject o = new JsonObject(value);
            Key kk = k.get();
            if (!kk.id().equals(o.getString("id")) || !kk.name().equals(o.getString("name"))
                    || !kk.environment().equals(o.getString("environment"))
                    || !Integer.toString(kk.port()).equals(o.getString("port"))
                    || !Integer.toString(kk.hostPort()).equals(o.getString("host_port"))) {
                return Optional.empty();
            }
            String address = o.getString("ipaddress");
            if (address == null || address.isBlank()) {
                return Optional.empty();
            }
            String node = o.getString("node", o.getString("host"));
            List<String> tags = new ArrayList<>();
            JsonArray ta = o.getJsonArray("tags", new JsonArray());
            for (int i = 0; i < ta.size(); i++) {
                tags.add(String.valueOf(ta.getValue(i)));
            }
            List<CheckSpec> specs = new ArrayList<>();
            List<CheckStatus> statuses = new ArrayList<>();
            JsonArray ca = o.getJsonArray("checks", new JsonArray());
            for (int i = 0; i < ca.size(); i++) {
                JsonObject c = ca.getJsonObject(i);
                String name = c.getString("name");
                if (name == null) {
                    return Optional.empty();
                }
                specs.add(new CheckSpec(name, c.getString("type"), c.getString("target"),
                        duration(c.getString("interval")), duration(c.getString("timeout"))));
                statuses.add(new CheckStatus(name, c.getString("type"), c.getString("target"),
                        status(c.getString("status")), c.getString("output"), instant(c.getString("since"))));
            }
            Registration r = new Registration(kk.id(), kk.name(), kk.environment(), node, address, kk.hostPort(),
                    kk.port(), o.getString("proto"), o.getString("image"), tags, specs);
            return Optional.of(new ServiceHealth(r, statuses));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static Endpoint endpoint(ServiceHealth h) {
        Registration r = h.registration();
        return new Endpoint(r.id(), r.address(), r.hostPort(), h.healthy(), r.environment());
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static String string(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void segment(String what, String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new ProviderException("registration " + what + " '" + Objects.toString(value, "")
                    + "' cannot be an etcd key segment (letters, digits, '.', '_', ':', '-')", false);
        }
    }

    private static void port(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new ProviderException("registration " + what + " " + port + " is not a port", false);
        }
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int p = Integer.parseInt(s);
        return p <= 65535 ? p : -1;
    }

    private static CheckStatus.Status status(String s) {
        if (s == null) {
            return CheckStatus.Status.UNKNOWN;
        }
        try {
            return CheckStatus.Status.valueOf(s.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return CheckStatus.Status.UNKNOWN;
        }
    }

    private static Duration duration(String s) {
        try {
            return s == null ? null : Duration.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
