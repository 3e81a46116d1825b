package org.atoll.kernel.internal.input;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.DatabaseRef;
import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.input.YamlInput.Entry;
import org.atoll.kernel.internal.validate.Names;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one service of a Servicefile ({@code image}, {@code cmd}, {@code env}, {@code ports},
 * {@code volumes}, {@code links}, {@code count}, {@code checks}, {@code resources}, {@code nodes}) into a
 * {@link ServiceSpec}, recording where each field was written. Ranges and formats are left to
 * {@code ModelValidator}; this reports only what does not fit the spec's shape.
 */
final class ServiceReader {

    static final List<String> KEYS = List.of("image", "cmd", "env", "ports", "volumes", "links", "count", "checks",
            "resources", "nodes", "network", "database");
    private static final List<String> DATABASE_KEYS = List.of("kind", "name");
    private static final List<String> PORT_KEYS = List.of("container", "host", "proto");
    private static final List<String> LINK_KEYS = List.of("service", "port", "alias");
    private static final List<String> CHECK_KEYS = List.of("name", "type", "target", "interval", "timeout");
    private static final List<String> RESOURCE_KEYS = List.of("cpu", "memory");

    private final YamlInput in;

    ServiceReader(YamlInput in) {
        this.in = in;
    }

    /** @param p the service's path, {@code services.web} (model and display alike) */
    ServiceSpec read(String p, Node body) {
        if (!(body instanceof MappingNode)) {
            in.expected(body, p, "a map of image, cmd, env, ports, …");
            return null;
        }
        Map<String, Entry> m = in.mapping(body, p, KEYS);
        String image = scalar(m.get("image"), p + ".image");
        Entry countEntry = m.get("count");
        Integer count = countEntry == null ? null : scalarInt(countEntry, p + ".count");
        return new ServiceSpec(image, cmd(m.get("cmd"), p + ".cmd"), in.env(m.get("env"), p + ".env", p + ".env"),
                ports(m.get("ports"), p + ".ports"), volumes(m.get("volumes"), p + ".volumes"),
                links(m.get("links"), p + ".links"), count == null ? 1 : count, checks(m.get("checks"), p + ".checks"),
                resources(m.get("resources"), p + ".resources"), in.strings(m.get("nodes"), p + ".nodes"),
                scalar(m.get("network"), p + ".network"), database(m.get("database"), p + ".database"));
    }

    private DatabaseRef database(Entry e, String p) {
        if (e == null) {
            return null;
        }
        in.record(p, p, e);
        if (!(e.value() instanceof MappingNode)) {
            in.expected(e.value(), p, "a database ({kind: mysql|postgresql, name: NAME})");
            return null;
        }
        Map<String, Entry> m = in.mapping(e.value(), p, DATABASE_KEYS);
        return new DatabaseRef(scalar(m.get("kind"), p + ".kind"), scalar(m.get("name"), p + ".name"));
    }

    private String scalar(Entry e, String path) {
        if (e == null) {
            return null;
        }
        in.record(path, path, e);
        return in.text(e.value(), path);
    }

    private Integer scalarInt(Entry e, String path) {
        in.record(path, path, e);
        return in.integer(e.value(), path);
    }

    private List<String> cmd(Entry e, String p) {
        if (e != null && e.value() instanceof ScalarNode && !YamlInput.isNull(e.value())) {
            in.record(p, p, e);
            try {
                List<String> words = Values.command(((ScalarNode) e.value()).getValue());
                for (int i = 0; i < words.size(); i++) {
                    in.record(p + "[" + i + "]", p + "[" + i + "]", e.value());
                }
                return words;
            } catch (Values.BadValue bad) {
                in.error(e.value(), p, bad.getMessage());
                return List.of();
            }
        }
        return in.strings(e, p);
    }

    private List<PortSpec> ports(Entry e, String p) {
        return items(e, p, PORT_KEYS, "a port (80, \"8080:80\", \"8080:80/udp\" or {container: 80, host: 8080})",
                (n, pm, d) -> {
                    Integer container = number(pm, "container", d);
                    Integer host = number(pm, "host", d);
                    String proto = pm.containsKey("proto") ? in.text(pm.get("proto").value(), d + ".proto") : null;
                    if (YamlInput.missing(pm, "container")) {
                        in.error(n, d + ".container", "is required");
                        return null;
                    }
                    return container != null && (host != null || YamlInput.missing(pm, "host"))
                            ? new PortSpec(container, host, proto) : null;
                }, Values::port);
    }

    /** Reads an item written as a mapping; reports its own problems and returns null for them. */
    private interface MappingItem<T> {
        T read(Node item, Map<String, Entry> fields, String path);
    }

    /** Reads an item written as a scalar; refuses bad text with a {@link Values.BadValue}. */
    private interface ScalarItem<T> {
        T parse(String text) throws Values.BadValue;
    }

    /**
     * Reads a list whose items are either a mapping with {@code keys} or a scalar shorthand; an item
     * that cannot be read is reported and left out, and the others keep their own paths.
     */
    private <T> List<T> items(Entry e, String p, List<String> keys, String expected,
            MappingItem<T> fromMapping, ScalarItem<T> fromScalar) {
        List<T> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        in.record(p, p, e);
        List<Node> items = in.sequence(e.value(), p);
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            String d = p + "[" + i + "]";
            T item = null;
            Map<String, Entry> fields = Map.of();
            if (n instanceof MappingNode) {
                fields = in.mapping(n, d, keys);
                item = fromMapping.read(n, fields, d);
            } else if (n instanceof ScalarNode s && !YamlInput.isNull(n)) {
                try {
                    item = fromScalar.parse(s.getValue());
                } catch (Values.BadValue bad) {
                    in.error(n, d, bad.getMessage());
                }
            } else {
                in.expected(n, d, expected);
            }
            if (item != null) {
                recordItem(p + "[" + out.size() + "]", d, n, fields, keys);
                out.add(item);
            }
        }
        return out;
    }

    private Integer number(Map<String, Entry> m, String key, String d) {
        return m.containsKey(key) ? in.integer(m.get(key).value(), d + "." + key) : null;
    }

    /**
     * Records a list item that made it into the model, and its fields, under its index in the model,
     * which differs from its index in the file when earlier items were refused. Parts that were not
     * written as a key of their own (all of {@code "8080:80"}, or an absent one) are placed at the item.
     */
    private void recordItem(String model, String display, Node item, Map<String, Entry> fields, List<String> keys) {
        in.record(model, display, item);
        for (String key : keys) {
            Entry f = fields.get(key);
            if (f != null) {
                in.record(model + "." + key, display + "." + key, f);
            } else {
                in.record(model + "." + key, display + "." + key, item);
            }
        }
    }

    private Map<String, String> volumes(Entry e, String p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        in.record(p, p, e);
        for (Entry v : in.mapping(e.value(), p, null).values()) {
            String nameProblem = Names.name(v.key());
            if (nameProblem != null) {
                in.error(v.keyNode(), p, nameProblem);
                continue;
            }
            in.record(p + "." + v.key(), p + "." + v.key(), v);
            out.put(v.key(), in.text(v.value(), p + "." + v.key()));
        }
        return out;
    }

    private List<LinkSpec> links(Entry e, String p) {
        return items(e, p, LINK_KEYS, "a link (\"service:port\", \"service:port:ALIAS\" or {service:, port:})",
                (n, lm, d) -> {
                    String service = lm.containsKey("service") ? in.text(lm.get("service").value(), d + ".service") : null;
                    Integer port = number(lm, "port", d);
                    String alias = lm.containsKey("alias") ? in.text(lm.get("alias").value(), d + ".alias") : null;
                    if (YamlInput.missing(lm, "port")) {
                        in.error(n, d + ".port", "is required");
                        return null;
                    }
                    return port != null ? new LinkSpec(service, port, alias) : null;
                }, Values::link);
    }

    private List<CheckSpec> checks(Entry e, String p) {
        List<CheckSpec> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        in.record(p, p, e);
        List<Node> items = in.sequence(e.value(), p);
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            String d = p + "[" + i + "]";
            String mp = p + "[" + out.size() + "]";
            if (!(n instanceof MappingNode)) {
                in.expected(n, d, "a check ({name:, type: tcp|http, target:, interval:, timeout:})");
                continue;
            }
            in.record(mp, d, n);
            Map<String, Entry> cm = in.mapping(n, d, CHECK_KEYS);
            String[] text = new String[3];
            for (int k = 0; k < 3; k++) {
                String key = CHECK_KEYS.get(k);
                text[k] = cm.containsKey(key) ? checkText(cm.get(key), mp + "." + key, d + "." + key) : null;
            }
            out.add(new CheckSpec(text[0], text[1], text[2], duration(cm.get("interval"), mp + ".interval",
                    d + ".interval"), duration(cm.get("timeout"), mp + ".timeout", d + ".timeout")));
        }
        return out;
    }

    private String checkText(Entry e, String model, String display) {
        in.record(model, display, e);
        return in.text(e.value(), display);
    }

    private Duration duration(Entry e, String model, String display) {
        String s = e == null ? null : checkText(e, model, display);
        if (s == null) {
            return null;
        }
        try {
            return Values.duration(s);
        } catch (Values.BadValue bad) {
            in.error(e.value(), display, bad.getMessage());
            return null;
        }
    }

    private Resources resources(Entry e, String p) {
        if (e == null) {
            return Resources.NONE;
        }
        in.record(p, p, e);
        Map<String, Entry> rm = in.mapping(e.value(), p, RESOURCE_KEYS);
        long cpu = 0;
        long memory = 0;
        Entry c = rm.get("cpu");
        String cpuText = c == null ? null : checkText(c, p + ".cpuMillis", p + ".cpu");
        Entry m = rm.get("memory");
        String memoryText = m == null ? null : checkText(m, p + ".memoryMb", p + ".memory");
        try {
            cpu = cpuText == null ? 0 : Values.cpuMillis(cpuText);
        } catch (Values.BadValue bad) {
            in.error(c.value(), p + ".cpu", bad.getMessage());
        }
        try {
            memory = memoryText == null ? 0 : Values.memoryMb(memoryText);
        } catch (Values.BadValue bad) {
            in.error(m.value(), p + ".memory", bad.getMessage());
        }
        return new Resources(cpu, memory);
    }
}
