package org.atoll.kernel.internal.input;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.input.FlockerApps.App;
import org.atoll.kernel.internal.input.YamlInput.Entry;
import org.atoll.kernel.internal.validate.ModelValidator;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.Problems;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a Flocker-style pair: an application config (what to run) and a deployment config (where):
 *
 * <pre>
 * # application config                      # deployment config
 * trac:                                     nodes:
 *   image: clusterhq/trac                     s1: [trac, pgsql-trac]
 *   volume: /opt/trac/env                     s2: [elasticsearch-trac, kibana-trac]
 *   environment: {ELASTICSEARCH_PORT: 9200}
 *   routes: [443]
 *   links: [[pgsql-trac, 5432]]
 * </pre>
 *
 * Each application becomes a service with one instance on exactly the node that lists it: a route
 * {@code p} becomes port {@code p:p/tcp}, the volume the volume {@code data}, a link a link without alias.
 * An application that no node lists is an error (it would silently not run), as is one listed twice, a
 * node listing an unknown application, and a route claimed by two applications (routes are cluster-wide).
 */
public final class FlockerParser {

    static final List<String> DEPLOYMENT_KEYS = List.of("version", "nodes");

    private FlockerParser() {
    }

    public static DeclaredServices parse(Path applications, Path deployment) {
        String appName = InputFiles.name(applications);
        String depName = InputFiles.name(deployment);
        return parse(appName, InputFiles.read(applications, appName), depName, InputFiles.read(deployment, depName));
    }

    /** @throws InputException listing every problem of both files, located */
    public static DeclaredServices parse(String appFile, String appText, String deploymentFile, String deploymentText) {
        Report report = new Report();
        YamlInput apps = new YamlInput(appFile, report);
        YamlInput dep = new YamlInput(deploymentFile, report);
        Node appRoot = apps.compose(appText);
        Node depRoot = dep.compose(deploymentText);
        Map<String, App> declared = new LinkedHashMap<>();
        if (appRoot != null) {
            apps.record("", "", appRoot);
            declared = new FlockerApps(apps).read(appRoot);
        }
        Map<String, String> placed = depRoot == null ? null : placements(dep, depRoot, declared, apps.file);
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        Problems found = new Problems();
        for (Map.Entry<String, App> a : declared.entrySet()) {
            String name = a.getKey();
            App app = a.getValue();
            String node = placed == null ? null : placed.get(name);
            node = node != null && Names.name(node) == null ? node : null;
            if (placed != null && !placed.containsKey(name)) {
                apps.error(app.keyNode(), app.display(), "is not placed on any node in " + dep.file);
            }
            ServiceSpec s = app.spec();
            ServiceSpec spec = new ServiceSpec(s.image(), s.cmd(), s.env(), s.ports(), s.volumes(), s.links(), 1,
                    s.checks(), s.resources(), node == null ? List.of() : List.of(node));
            services.put(name, spec);
            ModelValidator.service("services." + name, spec, found);
            for (int i = 0; i < spec.links().size(); i++) {
                LinkSpec link = spec.links().get(i);
                if (Names.name(link.service()) == null && !declared.containsKey(link.service())) {
                    found.add("services." + name + ".links[" + i + "].service",
                            Names.quote(link.service()) + " is not an application in " + apps.file);
                }
            }
        }
        report.validated(found);
        report.throwIfAny();
        return new DeclaredServices(Map.of(), services, Map.of(), report.sources);
    }

    /**
     * Reads {@code nodes: {NODE: [app, …]}} → app → node; null when there is no usable {@code nodes}. An app
     * on a node whose name is invalid counts as placed so that it is not reported a second time as unplaced.
     */
    private static Map<String, String> placements(YamlInput dep, Node root, Map<String, App> declared, String appFile) {
        Map<String, String> placed = new HashMap<>();
        Map<String, Node> placedAt = new HashMap<>();
        Map<String, Entry> top = dep.mapping(root, "", DEPLOYMENT_KEYS);
        FlockerApps.version(dep, top.get("version"));
        Entry nodes = top.get("nodes");
        if (nodes == null) {
            dep.error(root, "nodes", "is required (nodes: {NODE: [app, …]})");
            return null;
        }
        for (Entry n : dep.mapping(nodes.value(), "nodes", null).values()) {
            String np = YamlInput.join("nodes", n.key());
            String problem = Names.name(n.key());
            if (problem != null) {
                dep.error(n.keyNode(), np, problem + (Names.isIpv4(n.key()) || Names.isIpv6(n.key())
                        ? "; name the node and register its address with node-add" : ""));
            }
            List<Node> items = dep.sequence(n.value(), np);
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String d = np + "[" + i + "]";
                String app = dep.text(item, d);
                if (app == null) {
                    if (YamlInput.isNull(item)) {
                        dep.expected(item, d, "an application name");
                    }
                } else if (!declared.containsKey(app)) {
                    dep.error(item, d, Names.quote(app) + " is not an application in " + appFile
                            + (declared.isEmpty() ? "" : Suggest.key(app, declared.keySet()).replaceFirst("^;", ",")));
                } else if (placed.containsKey(app)) {
                    dep.error(item, d, Names.quote(app) + " is already placed on node " + placed.get(app)
                            + " (line " + dep.at(placedAt.get(app)).line() + ")");
                } else {
                    placed.put(app, n.key());
                    placedAt.put(app, item);
                    dep.record("services." + app + ".nodes[0]", d, item);
                    dep.record("services." + app + ".nodes", d, item);
                }
            }
        }
        return placed;
    }
}
