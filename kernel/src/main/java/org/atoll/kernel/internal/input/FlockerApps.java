package org.atoll.kernel.internal.input;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.input.YamlInput.Entry;
import org.atoll.kernel.internal.validate.Names;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a Flocker application config: {@code {APP: {image, volume, environment, routes, links}}} or the
 * same under {@code {version: 1, applications: …}}. Model paths are {@code services.APP.…}; problems use
 * the file's words ({@code applications.trac.routes[0]}).
 */
final class FlockerApps {

    static final List<String> APP_KEYS = List.of("image", "volume", "environment", "routes", "links");
    static final List<String> WRAPPER_KEYS = List.of("version", "applications");
    private static final List<String> LINK_KEYS = List.of("app", "port");
    /** The name of the one volume a Flocker application may have. */
    static final String VOLUME = "data";

    /** An application as read; {@code spec} has no placement yet. */
    record App(String display, Node keyNode, ServiceSpec spec) {
    }

    private final YamlInput in;
    private final Map<Integer, String> routed = new HashMap<>();

    FlockerApps(YamlInput in) {
        this.in = in;
    }

    Map<String, App> read(Node root) {
        Map<String, App> out = new LinkedHashMap<>();
        Map<String, Entry> top = in.mapping(root, "", null);
        String prefix = "";
        Map<String, Entry> apps = top;
        if (top.containsKey("version") || top.containsKey("applications")) {
            prefix = "applications";
            for (Entry e : top.values()) {
                if (!WRAPPER_KEYS.contains(e.key())) {
                    in.error(e.keyNode(), YamlInput.join("", e.key()), "unknown key" + Suggest.key(e.key(), WRAPPER_KEYS));
                }
            }
            version(in, top.get("version"));
            Entry wrapped = top.get("applications");
            if (wrapped == null) {
                in.error(root, "applications", "is required");
            }
            apps = wrapped == null ? Map.of() : in.mapping(wrapped.value(), prefix, null);
        }
        for (Entry e : apps.values()) {
            String d = YamlInput.join(prefix, e.key());
            String problem = Names.name(e.key());
            if (problem != null) {
                in.error(e.keyNode(), d, problem);
            }
            ServiceSpec spec = app(YamlInput.join("services", e.key()), d, e);
            if (spec != null && problem == null) {
                out.put(e.key(), new App(d, e.keyNode(), spec));
            }
        }
        if (out.isEmpty() && in.report.isEmpty()) {
            in.error(root, prefix, "declares no applications");
        }
        return out;
    }

    /** {@code version: 1}, the only version there is. */
    static void version(YamlInput in, Entry e) {
        if (e == null) {
            return;
        }
        String v = in.text(e.value(), "version");
        if (!"1".equals(v)) {
            in.error(e.value(), "version", Names.quote(v) + " is not a supported version (1)");
        }
    }

    private ServiceSpec app(String m, String d, Entry e) {
        in.record(m, d, e.keyNode());
        if (!(e.value() instanceof MappingNode)) {
            in.expected(e.value(), d, "a map of image, volume, environment, routes and links");
            return null;
        }
        Map<String, Entry> am = in.mapping(e.value(), d, APP_KEYS);
        String image = null;
        if (am.containsKey("image")) {
            in.record(m + ".image", d + ".image", am.get("image"));
            image = in.text(am.get("image").value(), d + ".image");
        }
        Map<String, String> volumes = new LinkedHashMap<>();
        Entry volume = am.get("volume");
        if (volume != null) {
            in.record(m + ".volumes", d + ".volume", volume);
            in.record(m + ".volumes." + VOLUME, d + ".volume", volume);
            String path = in.text(volume.value(), d + ".volume");
            if (path != null) {
                volumes.put(VOLUME, path);
            }
        }
        Map<String, String> env = in.env(am.get("environment"), m + ".env", d + ".environment");
        return new ServiceSpec(image, List.of(), env, routes(am.get("routes"), m + ".ports", d + ".routes", e.key()),
                volumes, links(am.get("links"), m + ".links", d + ".links"), 1, List.of(), null, List.of());
    }

    /** Externally visible ports: each is published on the same port, and only one app may route it. */
    private List<PortSpec> routes(Entry e, String m, String d, String app) {
        List<PortSpec> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        in.record(m, d, e);
        List<Node> items = in.sequence(e.value(), d);
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            String di = d + "[" + i + "]";
            Integer port = in.integer(n, di);
            if (port == null) {
                if (YamlInput.isNull(n)) {
                    in.expected(n, di, "a port number");
                }
                continue;
            }
            String mi = m + "[" + out.size() + "]";
            for (String sub : new String[] {"", ".container", ".host", ".proto"}) {
                in.record(mi + sub, di, n);
            }
            String owner = routed.putIfAbsent(port, app);
            if (owner != null && !owner.equals(app)) {
                in.error(n, di, "port " + port + " is already routed to " + owner);
            }
            out.add(new PortSpec(port, port, "tcp"));
        }
        return out;
    }

    /** {@code [app, port]}, {@code {app:, port:}} or {@code "app:port"}. */
    private List<LinkSpec> links(Entry e, String m, String d) {
        List<LinkSpec> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        in.record(m, d, e);
        List<Node> items = in.sequence(e.value(), d);
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            String di = d + "[" + i + "]";
            String mi = m + "[" + out.size() + "]";
            Node appNode = n;
            Node portNode = n;
            String appAt = di;
            String portAt = di;
            String app = null;
            Integer port = null;
            if (n instanceof SequenceNode seq && seq.getValue().size() == 2) {
                appNode = seq.getValue().get(0);
                portNode = seq.getValue().get(1);
                appAt = di + "[0]";
                portAt = di + "[1]";
                app = in.text(appNode, appAt);
                port = in.integer(portNode, portAt);
                if (YamlInput.isNull(portNode)) {
                    in.error(n, di, "needs a port: [app, port]");
                }
            } else if (n instanceof MappingNode) {
                Map<String, Entry> lm = in.mapping(n, di, LINK_KEYS);
                appNode = lm.containsKey("app") ? lm.get("app").value() : n;
                portNode = lm.containsKey("port") ? lm.get("port").value() : n;
                appAt = lm.containsKey("app") ? di + ".app" : di;
                portAt = di + ".port";
                app = lm.containsKey("app") ? in.text(appNode, appAt) : null;
                port = lm.containsKey("port") ? in.integer(portNode, portAt) : null;
                if (YamlInput.missing(lm, "port")) {
                    in.error(n, di + ".port", "is required");
                }
            } else if (n instanceof ScalarNode s && !YamlInput.isNull(n) && s.getValue().indexOf(':') > 0) {
                try {
                    LinkSpec link = Values.link(s.getValue());
                    if (link.alias() != null) {
                        throw new Values.BadValue(Names.quote(s.getValue()) + " is not a link (\"app:port\")");
                    }
                    app = link.service();
                    port = link.port();
                } catch (Values.BadValue bad) {
                    in.error(n, di, bad.getMessage());
                }
            } else {
                in.expected(n, di, "a link ([app, port], {app:, port:} or \"app:port\")");
            }
            if (port != null) {
                in.record(mi, di, n);
                in.record(mi + ".service", appAt, appNode);
                in.record(mi + ".port", portAt, portNode);
                out.add(new LinkSpec(app, port, null));
            }
        }
        return out;
    }
}
