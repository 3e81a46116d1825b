package org.atoll.kernel.internal.validate;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Database;
import org.atoll.api.model.Deployment;
import org.atoll.api.model.Job;
import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.LoadBalancer;
import org.atoll.api.model.Node;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.PublishedApp;
import org.atoll.api.model.Registry;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.TlsSpec;
import org.atoll.api.model.Vip;
import org.atoll.api.model.Volume;
import org.atoll.api.model.Webserver;

/**
 * Validates every model type before it is stored. Each method adds its problems under the field
 * path it is given ({@code services.web}) and never stops at the first one, so an operator sees
 * everything wrong with a file at once.
 */
public final class ModelValidator {

    public static final int MAX_COUNT = 10_000;
    public static final int MAX_DESCRIPTION = 256;
    static final long MAX_CPU_MILLIS = 1_000_000;
    static final long MAX_MEMORY_MB = 64L * 1024 * 1024;

    private ModelValidator() {
    }

    public static void validate(Deployment d) {
        Problems p = new Problems();
        deployment("", d, p);
        p.throwIfAny();
    }

    public static void validate(String field, ServiceSpec spec) {
        Problems p = new Problems();
        service(field, spec, p);
        p.throwIfAny();
    }

    public static void deployment(String at, Deployment d, Problems p) {
        p.check(at + "name", Names.name(d.name()));
        p.check(at + "description", Names.text(d.description(), MAX_DESCRIPTION));
        env(at + "env", d.env(), p);
    }

    public static void service(String at, ServiceSpec s, Problems p) {
        String f = at.isEmpty() ? "" : at + ".";
        p.check(f + "image", Names.image(s.image()));
        for (int i = 0; i < s.cmd().size(); i++) {
            p.check(f + "cmd[" + i + "]", Names.argument(s.cmd().get(i)));
        }
        env(f + "env", s.env(), p);
        Set<String> published = new HashSet<>();
        for (int i = 0; i < s.ports().size(); i++) {
            PortSpec port = s.ports().get(i);
            String pf = f + "ports[" + i + "]";
            p.check(pf + ".container", Names.port(port.container()));
            if (port.host() != null) {
                p.check(pf + ".host", Names.port(port.host()));
                if (!published.add(port.host() + "/" + port.proto())) {
                    p.add(pf + ".host", "port " + port.host() + "/" + port.proto() + " is published twice");
                }
            }
            p.check(pf + ".proto", Names.proto(port.proto()));
        }
        Set<String> mountPaths = new HashSet<>();
        for (Map.Entry<String, String> v : s.volumes().entrySet()) {
            String nameProblem = v.getKey() == null ? "a volume has no name" : Names.name(v.getKey());
            if (nameProblem != null) {
                // the key is not safe to put in a field path
                p.add(f + "volumes", nameProblem);
                continue;
            }
            String vf = f + "volumes." + v.getKey();
            p.check(vf, Names.absolutePath(v.getValue()));
            if (v.getValue() != null && !mountPaths.add(v.getValue())) {
                p.add(vf, "path " + Names.quote(v.getValue()) + " is mounted twice");
            }
        }
        for (int i = 0; i < s.links().size(); i++) {
            LinkSpec link = s.links().get(i);
            String lf = f + "links[" + i + "]";
            p.check(lf + ".service", Names.name(link.service()));
            p.check(lf + ".port", Names.port(link.port()));
            if (link.alias() != null) {
                p.check(lf + ".alias", Names.envKey(link.alias()));
            }
        }
        if (s.count() < 0 || s.count() > MAX_COUNT) {
            p.add(f + "count", s.count() + " is out of range (0-" + MAX_COUNT + ")");
        }
        Set<String> checkNames = new HashSet<>();
        for (int i = 0; i < s.checks().size(); i++) {
            CheckSpec c = s.checks().get(i);
            check(f + "checks[" + i + "]", c, false, p);
            if (c.name() != null && !checkNames.add(c.name())) {
                p.add(f + "checks[" + i + "].name", "check " + Names.quote(c.name()) + " is defined twice");
            }
        }
        resources(f + "resources", s.resources(), p);
        for (int i = 0; i < s.nodes().size(); i++) {
            p.check(f + "nodes[" + i + "]", Names.name(s.nodes().get(i)));
        }
        if (s.network() != null && !s.network().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            p.add(f + "network", Names.quote(s.network()) + " is not a network (host, none, bridge or a network's name)");
        }
        if (s.database() != null) {
            if (!"mysql".equals(s.database().kind()) && !"postgresql".equals(s.database().kind())) {
                p.add(f + "database.kind", Names.quote(s.database().kind()) + " is not a database kind (mysql or postgresql)");
            }
            p.check(f + "database.name", Names.sqlIdentifier(s.database().name()));
        }
    }

    public static void env(String at, Map<String, String> env, Problems p) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String keyProblem = Names.envKey(e.getKey());
            if (keyProblem != null) {
                p.add(at, keyProblem);
            } else {
                p.check(at + "." + e.getKey(), Names.envValue(e.getValue()));
            }
        }
    }

    public static void resources(String at, Resources r, Problems p) {
        if (r.cpuMillis() < 0 || r.cpuMillis() > MAX_CPU_MILLIS) {
            p.add(at + ".cpuMillis", r.cpuMillis() + " is out of range (0-" + MAX_CPU_MILLIS + ")");
        }
        if (r.memoryMb() < 0 || r.memoryMb() > MAX_MEMORY_MB) {
            p.add(at + ".memoryMb", r.memoryMb() + " is out of range (0-" + MAX_MEMORY_MB + ")");
        }
    }

    /**
     * A check's target: for an instance's own check a port, or a URL on the instance; for a published
     * (ad-hoc) check also {@code host:port} or any http URL.
     */
    public static void check(String at, CheckSpec c, boolean adHoc, Problems p) {
        p.check(at + ".name", Names.name(c.name()));
        String type = c.type();
        if (!"tcp".equals(type) && !"http".equals(type)) {
            p.add(at + ".type", Names.quote(type) + " is not a check type (tcp or http)");
        } else if ("tcp".equals(type)) {
            p.check(at + ".target", tcpTarget(c.target(), adHoc));
        } else {
            p.check(at + ".target", httpTarget(c.target(), adHoc));
        }
        if (c.interval() != null && (c.interval().isNegative() || c.interval().toMillis() < 100)) {
            p.add(at + ".interval", "must be at least 100ms");
        }
        if (c.timeout() != null && (c.timeout().isNegative() || c.timeout().toMillis() < 10)) {
            p.add(at + ".timeout", "must be at least 10ms");
        }
    }

    static String tcpTarget(String target, boolean adHoc) {
        if (target == null || target.isEmpty()) {
            return "is required";
        }
        if (target.matches("[0-9]{1,5}")) {
            return Names.port(Integer.parseInt(target));
        }
        if (!adHoc) {
            return Names.quote(target) + " is not a port; a check of an instance may only target the instance itself";
        }
        return hostPort(target);
    }

    public static String httpTarget(String target, boolean adHoc) {
        if (target == null || target.isEmpty()) {
            return "is required";
        }
        if (target.length() > 2048) {
            return "is longer than 2048 characters";
        }
        String rest;
        if (target.startsWith("http://")) {
            rest = target.substring(7);
        } else if (target.startsWith("https://")) {
            rest = target.substring(8);
        } else {
            return Names.quote(target) + " is not an http:// or https:// URL";
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (authority.contains("@")) {
            return Names.quote(target) + " must not contain credentials";
        }
        if (!path.matches("/[A-Za-z0-9._~&+,=:@%/?-]*")) {
            return Names.quote(target) + " has characters not allowed in a URL path";
        }
        String pathOnly = path.indexOf('?') >= 0 ? path.substring(0, path.indexOf('?')) : path;
        for (String segment : pathOnly.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Names.quote(target) + " must not contain '.' or '..' path segments";
            }
        }
        String host = authority;
        if (authority.matches(".*:[0-9]{1,5}")) {
            int colon = authority.lastIndexOf(':');
            String portProblem = Names.port(Integer.parseInt(authority.substring(colon + 1)));
            if (portProblem != null) {
                return portProblem;
            }
            host = authority.substring(0, colon);
        }
        if (!adHoc && !host.equals("localhost") && !host.equals("127.0.0.1")) {
            return Names.quote(target) + " must target the instance itself (localhost); publish a check for other hosts";
        }
        return Names.host(host);
    }

    /** {@code host:port}. */
    public static String hostPort(String value) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || !value.substring(colon + 1).matches("[0-9]{1,5}")) {
            return Names.quote(value) + " is not host:port";
        }
        String hostProblem = Names.host(value.substring(0, colon));
        return hostProblem != null ? hostProblem : Names.port(Integer.parseInt(value.substring(colon + 1)));
    }

    public static void validate(Node n) {
        Problems p = new Problems();
        p.check("name", Names.name(n.name()));
        p.check("address", Names.host(n.address()));
        resources("capacity", n.capacity(), p);
        labels("labels", n.labels(), p);
        p.throwIfAny();
    }

    static void labels(String at, Map<String, String> labels, Problems p) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            p.check(at, Names.name(e.getKey()));
            p.check(at + "." + e.getKey(), Names.text(e.getValue(), 256));
        }
    }

    public static void validate(Registry r) {
        Problems p = new Problems();
        p.check("name", Names.name(r.name()));
        if (!"etcd".equals(r.type()) && !"consul".equals(r.type())) {
            p.add("type", Names.quote(r.type()) + " is not a registry type (etcd or consul)");
        }
        if (r.external() == null) {
            p.check("node", Names.name(r.node()));
            p.check("address", Names.ip(r.address()));
        } else {
            p.check("external", httpTarget(r.external(), true));
        }
        p.throwIfAny();
    }

    private static final Set<String> HAPROXY_MODES = Set.of("roundrobin", "leastconn", "source");
    private static final Set<String> NGINX_MODES = Set.of("default", "least_conn", "ip_hash");

    public static void validate(LoadBalancer lb) {
        Problems p = new Problems();
        p.check("name", Names.name(lb.name()));
        p.check("node", Names.name(lb.node()));
        boolean haproxy = "haproxy".equals(lb.kind());
        if (!haproxy && !"nginx".equals(lb.kind())) {
            p.add("kind", Names.quote(lb.kind()) + " is not a load balancer kind (haproxy or nginx)");
        }
        if (lb.url() != null) {
            p.check("url", Names.host(lb.url()));
        }
        if (lb.mode() != null && !(haproxy ? HAPROXY_MODES : NGINX_MODES).contains(lb.mode())) {
            p.add("mode", Names.quote(lb.mode()) + " is not a mode of " + lb.kind() + " (one of "
                    + (haproxy ? HAPROXY_MODES : NGINX_MODES) + ")");
        }
        for (int i = 0; i < lb.backends().size(); i++) {
            p.check("backends[" + i + "]", backend(lb.backends().get(i), haproxy));
        }
        tls("tls", lb.tls(), p);
        if (lb.workers() < 0 || lb.workers() > 256) {
            p.add("workers", lb.workers() + " is out of range (0-256)");
        }
        for (int i = 0; i < lb.resolvers().size(); i++) {
            String r = lb.resolvers().get(i);
            p.check("resolvers[" + i + "]", r != null && r.contains(":") && !Names.isIpv6(r) ? hostPort(r) : Names.ip(r));
        }
        p.throwIfAny();
    }

    /** {@code name:ip:port} (haproxy), {@code ip:port} or {@code host:port}, or {@code service:NAME}. */
    public static String backend(String value, boolean named) {
        if (value == null || value.isEmpty()) {
            return "is required";
        }
        if (value.startsWith("service:")) {
            return Names.name(value.substring(8));
        }
        if (named) {
            int colon = value.indexOf(':');
            if (colon <= 0) {
                return Names.quote(value) + " is not name:ip:port or service:NAME";
            }
            String nameProblem = Names.name(value.substring(0, colon));
            return nameProblem != null ? nameProblem : hostPort(value.substring(colon + 1));
        }
        return hostPort(value);
    }

    static void tls(String at, TlsSpec tls, Problems p) {
        if (tls == null || tls.selfSigned() && tls.certificate() == null && tls.key() == null) {
            return;
        }
        if (tls.selfSigned()) {
            p.add(at, "give either a certificate and key, or self-signed, not both");
            return;
        }
        p.check(at + ".certificate", Names.absolutePath(tls.certificate()));
        p.check(at + ".key", Names.absolutePath(tls.key()));
    }

    public static void validate(Webserver ws) {
        Problems p = new Problems();
        p.check("name", Names.name(ws.name()));
        p.check("node", Names.name(ws.node()));
        Set<String> urls = new HashSet<>();
        for (int i = 0; i < ws.apps().size(); i++) {
            PublishedApp app = ws.apps().get(i);
            String af = "apps[" + i + "]";
            p.check(af + ".url", Names.host(app.url()));
            p.check(af + ".backend", backend(app.backend(), false));
            tls(af + ".tls", app.tls(), p);
            if (app.url() != null && !urls.add(app.url())) {
                p.add(af + ".url", Names.quote(app.url()) + " is published twice");
            }
        }
        p.throwIfAny();
    }

    public static void validate(Database db) {
        Problems p = new Problems();
        p.check("name", Names.name(db.name()));
        if (!"mysql".equals(db.kind()) && !"postgresql".equals(db.kind())) {
            p.add("kind", Names.quote(db.kind()) + " is not a database kind (mysql or postgresql)");
        }
        p.check("node", Names.name(db.node()));
        p.check("user", Names.sqlIdentifier(db.user()));
        p.check("database", Names.sqlIdentifier(db.database()));
        p.check("allowedCidr", Names.cidr(db.allowedCidr()));
        p.check("secret", Names.name(db.secret()));
        if (db.address() != null) {
            p.check("address", Names.ip(db.address()));
        }
        if (db.port() != 0) {
            p.check("port", Names.port(db.port()));
        }
        p.throwIfAny();
    }

    public static void validate(Vip vip) {
        Problems p = new Problems();
        p.check("name", Names.name(vip.name()));
        if (!Names.isIpv4(vip.address())) {
            p.add("address", Names.quote(vip.address()) + " is not an IPv4 address");
        }
        if (vip.nodes().size() < 2) {
            p.add("nodes", "a floating IP needs at least two nodes");
        }
        List<String> nodes = vip.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            p.check("nodes[" + i + "]", Names.name(nodes.get(i)));
        }
        if (new HashSet<>(nodes).size() != nodes.size()) {
            p.add("nodes", "a node is named twice");
        }
        p.throwIfAny();
    }

    public static void validate(Job job) {
        Problems p = new Problems();
        p.check("base", Names.name(job.base()));
        if (job.count() < 0 || job.count() > MAX_COUNT) {
            p.add("count", job.count() + " is out of range (0-" + MAX_COUNT + ")");
        }
        if (job.network() != null) {
            p.check("network", Names.name(job.network()));
        }
        if (job.group() != null) {
            p.check("group", Names.name(job.group()));
        }
        if (job.replicas() < 0 || job.replicas() > MAX_COUNT) {
            p.add("replicas", job.replicas() + " is out of range (0-" + MAX_COUNT + ")");
        }
        p.check("strategy", Names.name(job.strategy()));
        p.throwIfAny();
    }

    public static void validate(Volume v) {
        Problems p = new Problems();
        p.check("name", Names.name(v.name()));
        p.check("deployment", Names.name(v.deployment()));
        p.check("service", Names.name(v.service()));
        p.check("node", Names.name(v.node()));
        p.check("store", Names.name(v.store()));
        p.throwIfAny();
    }
}
