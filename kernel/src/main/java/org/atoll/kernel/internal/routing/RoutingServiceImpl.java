package org.atoll.kernel.internal.routing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

import org.atoll.api.model.LoadBalancer;
import org.atoll.api.model.PublishedApp;
import org.atoll.api.model.PublishedPort;
import org.atoll.api.model.TlsSpec;
import org.atoll.api.model.Webserver;
import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.discovery.DirectAddresses;
import org.atoll.kernel.internal.input.Domain;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.node.NodeStatus;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.secret.SecretStore;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.validate.ModelValidator;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.Problems;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.database.Secret;
import org.atoll.spi.store.Compare;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Txn;
import org.atoll.spi.store.TxnResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

@Component(service = RoutingService.class, configurationPid = KernelConfig.PID, immediate = true)
public class RoutingServiceImpl implements RoutingService {

    private static final Set<String> KINDS = Set.of("haproxy", "nginx");
    private static final Pattern USER = Pattern.compile("(?=.{1,64}$)[A-Za-z0-9]+([._-][A-Za-z0-9]+)*");
    private static final int MAX_PASSWORD = 256;

    private final StateRepository state;
    private final SecretStore secrets;
    private final NodeService nodes;
    private final ProviderRegistry registry;
    private final String range;
    private final RoutingReconciler reconciler;
    private final RoutingReconciler.Settings settings;

    @Activate
    public RoutingServiceImpl(KernelConfig config,
            @Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store,
            @Reference ProviderRegistry registry, @Reference NodeService nodes, @Reference SecretStore secrets,
            @Reference(target = "(atoll.executor=kernel)") ScheduledExecutorService executor,
            @Reference DirectAddresses direct) {
        this(store, registry, nodes, secrets, executor, config.routing_direct() ? direct : DirectAddresses.readinessOf(direct),
                config.routing_address_range(),
                new RoutingReconciler.Settings(nodes.localName(),
                        or(config.routing_publish_address(), config.node_address()), config.routing_domains_kind(),
                        or(config.routing_domains_address(), config.node_address()), config.routing_domains_port(),
                        Paths.get(config.routing_hosts_file()),
                        Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "atoll",
                                "routing", "tls"),
                        Duration.ofSeconds(Math.max(1, config.routing_resync_seconds()))));
    }

    public RoutingServiceImpl(StateStore store, ProviderRegistry registry, NodeService nodes, SecretStore secrets,
            ScheduledExecutorService executor, String range, RoutingReconciler.Settings settings) {
        this(store, registry, nodes, secrets, executor, DirectAddresses.NONE, range, settings);
    }

    /** @param direct where this node's instances answer on their container network; NONE to always use the registry's address */
    public RoutingServiceImpl(StateStore store, ProviderRegistry registry, NodeService nodes, SecretStore secrets,
            ScheduledExecutorService executor, DirectAddresses direct, String range, RoutingReconciler.Settings settings) {
        String problem = Names.cidr(range);
        if (problem != null || !Names.isIpv4(range.substring(0, range.indexOf('/')))) {
            throw new IllegalArgumentException("routing.address.range: " + (problem != null ? problem
                    : "must be an IPv4 range"));
        }
        this.state = new StateRepository(store);
        this.secrets = secrets;
        this.nodes = nodes;
        this.registry = registry;
        this.range = range;
        this.settings = settings;
        this.reconciler = new RoutingReconciler(state, registry, secrets, executor, direct, settings);
        reconciler.start();
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    @Deactivate
    void deactivate() {
        reconciler.close();
    }

    // --- load balancers --------------------------------------------------------------------------

    @Override
    public String addLoadBalancer(String kind, String node, String name, String url, List<String> backends,
            String mode, Tls tls, String address, Duration wait) {
        List<String> given = backends == null ? List.of() : List.copyOf(backends);
        Problems p = new Problems();
        if (!KINDS.contains(kind)) {
            p.add("kind", Names.quote(kind) + " is not a load balancer kind (haproxy or nginx)");
        }
        checkNode(node, p);
        if (name != null) {
            checkNewName(name, p);
        }
        if ("nginx".equals(kind) && (url == null || given.isEmpty())) {
            p.add(url == null ? "url" : "backends", "an nginx load balancer needs a URL (-u) and at least one backend (-b)");
        }
        if (address != null) {
            p.check("address", Names.ip(address));
        }
        checkTls("tls", tls, p);
        p.throwIfAny();
        requireRouter(kind, node);
        String chosen = name != null ? name : freeName(kind + "-");
        Optional<LoadBalancer> existing = state.get(Keys.loadBalancer(chosen), LoadBalancer.class);
        if (existing.isPresent()) {
            LoadBalancer e = existing.get();
            if (name != null && e.kind().equals(kind) && e.node().equals(node) && java.util.Objects.equals(e.url(), url)
                    && e.backends().equals(given) && java.util.Objects.equals(e.mode(), mode) && tls == null
                    && e.tls() == null && (address == null || address.equals(e.address()))) {
                return "Load balancer " + chosen + " exists already; nothing changed.";
            }
            throw new ValidationException("name", "load balancer " + chosen + " exists with other settings (change it"
                    + " with lb-set and lb-backend-add, or lb-remove it first)");
        }
        String at = address != null ? checkAddress(node, address) : freeAddress(node);
        LoadBalancer lb = new LoadBalancer(chosen, kind, node, url, mode, given,
                tls == null ? null : new TlsSpec(tls.certificate(), tls.key(), tls.selfSigned()), 0, List.of(), at,
                List.of());
        ModelValidator.validate(lb);
        if (tls != null) {
            secrets.put(Secrets.tlsOfLoadBalancer(chosen), material(tls, url != null ? url : chosen));
        }
        commit(Keys.loadBalancer(chosen), Optional.empty(), lb, node, chosen, wait);
        return "Added " + kind + " load balancer " + chosen + " on " + node + " at " + at + ":80"
                + (tls != null ? " and :443 (TLS)" : "") + (url != null ? " for " + url : "") + ", " + given.size()
                + " backend" + (given.size() == 1 ? "" : "s") + "." + waitNote(node, wait);
    }

    @Override
    public String removeLoadBalancer(String name, Duration wait) {
        KeyValue kv = existing(Keys.loadBalancer(name), "load balancer", name, "lb-list");
        LoadBalancer lb = Json.read(kv.value(), LoadBalancer.class);
        TxnResult r = state.store().commit(Txn.when(Compare.modRevision(kv.key(), kv.modRevision()))
                .then(Op.delete(kv.key())));
        if (!r.succeeded()) {
            throw new ValidationException("name", name + " changed meanwhile; try again");
        }
        secrets.delete(Secrets.tlsOfLoadBalancer(name));
        await(lb.node(), name, r.revision(), wait, null);
        return "Removed load balancer " + name + " from " + lb.node() + ".";
    }

    @Override
    public String addBackends(String lb, List<String> backends, Duration wait) {
        return changeBackends(lb, backends, true, wait);
    }

    @Override
    public String removeBackends(String lb, List<String> backends, Duration wait) {
        return changeBackends(lb, backends, false, wait);
    }

    private String changeBackends(String name, List<String> backends, boolean add, Duration wait) {
        KeyValue kv = existing(Keys.loadBalancer(name), "load balancer", name, "lb-list");
        LoadBalancer lb = Json.read(kv.value(), LoadBalancer.class);
        if (backends == null || backends.isEmpty()) {
            throw new ValidationException("backends", "give at least one backend");
        }
        Problems p = new Problems();
        boolean haproxy = "haproxy".equals(lb.kind());
        for (int i = 0; i < backends.size(); i++) {
            String b = backends.get(i);
            p.check("backends[" + i + "]", add ? ModelValidator.backend(b, haproxy) : Names.text(b, 300));
            if (add && b != null && !haproxy && !b.startsWith(Tables.SERVICE) && b.split(":").length == 3) {
                p.add("backends[" + i + "]", Names.quote(b) + ": nginx backends are ip:port or service:NAME (no name)");
            }
        }
        p.throwIfAny();
        List<String> now = new ArrayList<>(lb.backends());
        List<String> changed = new ArrayList<>();
        for (String b : backends) {
            if (add ? !now.contains(b) : now.contains(b)) {
                changed.add(b);
                if (add) {
                    now.add(b);
                } else {
                    now.remove(b);
                }
            }
        }
        if (!add) {
            List<String> unknown = backends.stream().filter(b -> !lb.backends().contains(b)).toList();
            if (!unknown.isEmpty()) {
                throw new ValidationException("backends", String.join(", ", unknown) + ": not a backend of " + name
                        + " (it has " + (lb.backends().isEmpty() ? "none" : String.join(", ", lb.backends())) + ")");
            }
        }
        if (changed.isEmpty()) {
            return "Load balancer " + name + " has " + (add ? "these backends already" : "none of these") + "; nothing changed.";
        }
        if (add && haproxy) {
            Set<String> names = new HashSet<>();
            for (String b : now) {
                if (!b.startsWith(Tables.SERVICE) && !names.add(Tables.fixed(b).name())) {
                    throw new ValidationException("backends", "two backends of " + name + " would be named "
                            + Tables.fixed(b).name());
                }
            }
        }
        LoadBalancer next = new LoadBalancer(lb.name(), lb.kind(), lb.node(), lb.url(), lb.mode(), now, lb.tls(),
                lb.workers(), lb.resolvers(), lb.address(), lb.published());
        ModelValidator.validate(next);
        commit(kv.key(), Optional.of(kv), next, lb.node(), name, wait);
        return (add ? "Added " : "Removed ") + String.join(", ", changed) + (add ? " to " : " from ") + name + "."
                + waitNote(lb.node(), wait);
    }

    @Override
    public String set(String name, String setting, String value, Duration wait) {
        KeyValue kv = existing(Keys.loadBalancer(name), "load balancer", name, "lb-list");
        LoadBalancer lb = Json.read(kv.value(), LoadBalancer.class);
        String url = lb.url();
        String mode = lb.mode();
        TlsSpec tls = lb.tls();
        int workers = lb.workers();
        List<String> resolvers = lb.resolvers();
        Certificates.Material material = null;
        boolean dropTls = false;
        String v = value == null ? "" : value;
        switch (setting == null ? "" : setting) {
            case "mode" -> mode = v.equals("default") && "haproxy".equals(lb.kind()) ? "roundrobin" : v;
            case "url" -> url = v.equals("none") ? null : v;
            case "ssl" -> {
                if (v.equals("off")) {
                    tls = null;
                    dropTls = true;
                } else if (v.equals("self-signed")) {
                    material = Certificates.selfSigned(url != null ? url : name);
                    tls = new TlsSpec(null, null, true);
                } else {
                    String[] files = v.split("\\s+");
                    if (files.length != 2) {
                        throw new ValidationException("ssl", "give CERT KEY, self-signed or off");
                    }
                    material = Certificates.read("ssl", files[0], files[1]);
                    tls = new TlsSpec(files[0], files[1], false);
                }
            }
            case "workers" -> {
                if (!v.matches("[0-9]{1,3}")) {
                    throw new ValidationException("workers", Names.quote(v) + " is not a number (0 = the daemon's default)");
                }
                workers = Integer.parseInt(v);
            }
            case "resolvers" -> resolvers = v.equals("none") ? List.of() : List.of(v.split(",", -1));
            default -> throw new ValidationException("setting", Names.quote(setting)
                    + " is not a setting (mode, url, ssl, workers or resolvers)");
        }
        if (lb.kind().equals("nginx") && url == null) {
            throw new ValidationException("url", "an nginx load balancer needs a URL");
        }
        if (tls == null && lb.published().stream().anyMatch(pp -> pp.port() == Tables.HTTPS)) {
            throw new ValidationException("ssl", name + " publishes its TLS port; port-unpublish it first");
        }
        LoadBalancer next = new LoadBalancer(lb.name(), lb.kind(), lb.node(), url, mode, lb.backends(), tls, workers,
                resolvers, lb.address(), lb.published());
        ModelValidator.validate(next);
        if (next.equals(lb) && material == null) {
            return "Load balancer " + name + " has " + setting + " " + v + " already; nothing changed.";
        }
        Optional<Secret> oldMaterial = secrets.get(Secrets.tlsOfLoadBalancer(name));
        if (material != null) {
            secrets.put(Secrets.tlsOfLoadBalancer(name), Secret.of(new String(Json.write(material), StandardCharsets.UTF_8)));
        }
        try {
            commit(kv.key(), Optional.of(kv), next, lb.node(), name, wait);
        } catch (RuntimeException e) {
            if (material != null) {
                oldMaterial.ifPresentOrElse(s -> secrets.put(Secrets.tlsOfLoadBalancer(name), s),
                        () -> secrets.delete(Secrets.tlsOfLoadBalancer(name)));
            }
            throw e;
        }
        if (dropTls) {
            secrets.delete(Secrets.tlsOfLoadBalancer(name));
        }
        return "Set " + setting + " of " + name + " to " + (setting.equals("ssl") && !v.equals("off")
                && !v.equals("self-signed") ? "the given certificate" : v.isEmpty() ? "none" : v) + "."
                + waitNote(lb.node(), wait);
    }

    // --- published ports -------------------------------------------------------------------------

    @Override
    public String publishPort(String target, int port, int hostPort, Duration wait) {
        Proxy proxy = proxy(target);
        Problems p = new Problems();
        p.check("port", Names.port(port));
        p.check("hostPort", Names.port(hostPort));
        p.throwIfAny();
        if (port != Tables.HTTP && port != Tables.HTTPS) {
            throw new ValidationException("port", proxy.name + " listens on 80" + (proxy.tls ? " and 443" : "")
                    + "; " + port + " is not one of its ports");
        }
        if (port == Tables.HTTPS && !proxy.tls) {
            throw new ValidationException("port", proxy.name + " has no TLS, so nothing listens on 443");
        }
        for (PublishedPort pp : proxy.published) {
            if (pp.hostPort() == hostPort) {
                if (pp.port() == port) {
                    return proxy.name + " publishes port " + port + " on " + hostPort + " already; nothing changed.";
                }
                throw new ValidationException("hostPort", hostPort + " forwards to port " + pp.port() + " of "
                        + proxy.name + " already");
            }
        }
        for (LoadBalancer lb : state.list(Keys.LOAD_BALANCERS, LoadBalancer.class)) {
            checkFree(lb.node(), lb.name(), lb.published(), proxy, hostPort);
        }
        for (Webserver ws : state.list(Keys.WEBSERVERS, Webserver.class)) {
            checkFree(ws.node(), ws.name(), ws.published(), proxy, hostPort);
        }
        if (settings.publishAddress().equals(settings.domainsAddress()) && hostPort == settings.domainsPort()
                && !state.store().list(Keys.DOMAINS).isEmpty()) {
            throw new ValidationException("hostPort", "port " + hostPort + " on " + settings.publishAddress()
                    + " serves the routing domains (" + DOMAINS_PROXY + ")");
        }
        if (proxy.node.equals(nodes.localName())) {
            checkBindable("hostPort", settings.publishAddress(), hostPort);
        }
        List<PublishedPort> next = new ArrayList<>(proxy.published);
        next.add(new PublishedPort(hostPort, port));
        commit(proxy.kv.key(), Optional.of(proxy.kv), proxy.withPublished(next), proxy.node, proxy.name, wait);
        return "Published port " + port + " of " + proxy.name + " on " + proxy.node + " at " + settings.publishAddress()
                + ":" + hostPort + "." + waitNote(proxy.node, wait);
    }

    @Override
    public String unpublishPort(String target, int hostPort, Duration wait) {
        Proxy proxy = proxy(target);
        List<PublishedPort> next = new ArrayList<>(proxy.published);
        if (!next.removeIf(pp -> pp.hostPort() == hostPort)) {
            throw new ValidationException("port", proxy.name + " does not publish " + hostPort + " (it publishes "
                    + (proxy.published.isEmpty() ? "nothing" : proxy.published) + ")");
        }
        commit(proxy.kv.key(), Optional.of(proxy.kv), proxy.withPublished(next), proxy.node, proxy.name, wait);
        return "Stopped publishing " + hostPort + " of " + proxy.name + "." + waitNote(proxy.node, wait);
    }

    private void checkFree(String node, String owner, List<PublishedPort> published, Proxy proxy, int hostPort) {
        if (node.equals(proxy.node) && !owner.equals(proxy.name)
                && published.stream().anyMatch(pp -> pp.hostPort() == hostPort)) {
            throw new ValidationException("hostPort", "port " + hostPort + " on " + node + " is published by " + owner);
        }
    }

    /** A load balancer or webserver, whichever the name is. */
    private final class Proxy {
        final KeyValue kv;
        final String name;
        final String node;
        final boolean tls;
        final List<PublishedPort> published;
        final LoadBalancer lb;
        final Webserver ws;

        Proxy(KeyValue kv, LoadBalancer lb, Webserver ws) {
            this.kv = kv;
            this.lb = lb;
            this.ws = ws;
            this.name = lb != null ? lb.name() : ws.name();
            this.node = lb != null ? lb.node() : ws.node();
            this.tls = lb != null ? lb.tls() != null : ws.apps().stream().anyMatch(a -> a.tls() != null);
            this.published = lb != null ? lb.published() : ws.published();
        }

        Object withPublished(List<PublishedPort> next) {
            return lb != null
                    ? new LoadBalancer(lb.name(), lb.kind(), lb.node(), lb.url(), lb.mode(), lb.backends(), lb.tls(),
                            lb.workers(), lb.resolvers(), lb.address(), next)
                    : new Webserver(ws.name(), ws.node(), ws.apps(), ws.address(), next);
        }
    }

    private Proxy proxy(String target) {
        int colon = target == null ? -1 : target.indexOf(':');
        if (colon <= 0) {
            throw new ValidationException("target", Names.quote(target) + " is not NODE:PROXY (e.g. s1:haproxy-1)");
        }
        String node = target.substring(0, colon);
        String name = target.substring(colon + 1);
        Problems p = new Problems();
        p.check("target.node", Names.name(node));
        p.check("target.proxy", Names.name(name));
        p.throwIfAny();
        Optional<KeyValue> lb = state.store().get(Keys.loadBalancer(name));
        Optional<KeyValue> ws = state.store().get(Keys.webserver(name));
        Proxy proxy;
        if (lb.isPresent()) {
            proxy = new Proxy(lb.get(), Json.read(lb.get().value(), LoadBalancer.class), null);
        } else if (ws.isPresent()) {
            proxy = new Proxy(ws.get(), null, Json.read(ws.get().value(), Webserver.class));
        } else {
            throw new ValidationException("target.proxy", "no load balancer or webserver " + Names.quote(name)
                    + " (see lb-list, ws-list)");
        }
        if (!proxy.node.equals(node)) {
            throw new ValidationException("target.node", name + " runs on " + proxy.node + ", not on " + node);
        }
        return proxy;
    }

    // --- webservers ------------------------------------------------------------------------------

    @Override
    public String addWebserver(String node, String name, String address, Duration wait) {
        Problems p = new Problems();
        checkNode(node, p);
        if (name != null) {
            checkNewName(name, p);
        }
        if (address != null) {
            p.check("address", Names.ip(address));
        }
        p.throwIfAny();
        requireRouter("nginx", node);
        String chosen = name != null ? name : freeName("ws-");
        Optional<Webserver> existing = state.get(Keys.webserver(chosen), Webserver.class);
        if (existing.isPresent()) {
            if (existing.get().node().equals(node) && (address == null || address.equals(existing.get().address()))) {
                return "Webserver " + chosen + " exists already; nothing changed.";
            }
            throw new ValidationException("name", "webserver " + chosen + " exists on " + existing.get().node());
        }
        String at = address != null ? checkAddress(node, address) : freeAddress(node);
        Webserver ws = new Webserver(chosen, node, List.of(), at, List.of());
        ModelValidator.validate(ws);
        commit(Keys.webserver(chosen), Optional.empty(), ws, node, chosen, wait);
        return "Added webserver " + chosen + " on " + node + " at " + at + " (publish apps with app-publish " + chosen
                + " URL BACKEND)." + waitNote(node, wait);
    }

    @Override
    public String removeWebserver(String name, Duration wait) {
        KeyValue kv = existing(Keys.webserver(name), "webserver", name, "ws-list");
        Webserver ws = Json.read(kv.value(), Webserver.class);
        TxnResult r = state.store().commit(Txn.when(Compare.modRevision(kv.key(), kv.modRevision()))
                .then(Op.delete(kv.key())));
        if (!r.succeeded()) {
            throw new ValidationException("name", name + " changed meanwhile; try again");
        }
        ws.apps().forEach(a -> secrets.delete(Secrets.tlsOfApp(name, a.url())));
        await(ws.node(), name, r.revision(), wait, null);
        return "Removed webserver " + name + " from " + ws.node() + " (" + ws.apps().size() + " apps).";
    }

    @Override
    public String publishApp(String webserver, String url, String backend, Tls tls, Duration wait) {
        KeyValue kv = existing(Keys.webserver(webserver), "webserver", webserver, "ws-list");
        Webserver ws = Json.read(kv.value(), Webserver.class);
        Problems p = new Problems();
        p.check("url", hostName(url));
        p.check("backend", ModelValidator.backend(backend, false));
        checkTls("tls", tls, p);
        p.throwIfAny();
        String host = url.toLowerCase(java.util.Locale.ROOT);
        PublishedApp app = new PublishedApp(host, backend,
                tls == null ? null : new TlsSpec(tls.certificate(), tls.key(), tls.selfSigned()));
        List<PublishedApp> apps = new ArrayList<>();
        Optional<PublishedApp> before = Optional.empty();
        for (PublishedApp a : ws.apps()) {
            if (a.url().equals(host)) {
                before = Optional.of(a);
            } else {
                apps.add(a);
            }
        }
        if (before.isPresent() && before.get().equals(app) && tls == null) {
            return host + " is published on " + webserver + " already; nothing changed.";
        }
        apps.add(app);
        Webserver next = new Webserver(ws.name(), ws.node(), apps, ws.address(), ws.published());
        ModelValidator.validate(next);
        String secret = Secrets.tlsOfApp(webserver, host);
        Optional<Secret> oldMaterial = secrets.get(secret);
        if (tls != null) {
            secrets.put(secret, material(tls, host));
        }
        try {
            commit(kv.key(), Optional.of(kv), next, ws.node(), webserver, wait);
        } catch (RuntimeException e) {
            if (tls != null) {
                oldMaterial.ifPresentOrElse(s -> secrets.put(secret, s), () -> secrets.delete(secret));
            }
            throw e;
        }
        if (tls == null && oldMaterial.isPresent()) {
            secrets.delete(secret);
        }
        return (before.isPresent() ? "Changed " : "Published ") + host + " on " + webserver + " → " + backend
                + (tls != null ? " (HTTP and HTTPS" + (tls.selfSigned() ? ", self-signed certificate)" : ")") : " (HTTP)")
                + "." + waitNote(ws.node(), wait);
    }

    @Override
    public String removeApp(String webserver, String url, Duration wait) {
        KeyValue kv = existing(Keys.webserver(webserver), "webserver", webserver, "ws-list");
        Webserver ws = Json.read(kv.value(), Webserver.class);
        String host = url == null ? "" : url.toLowerCase(java.util.Locale.ROOT);
        List<PublishedApp> apps = new ArrayList<>(ws.apps());
        if (!apps.removeIf(a -> a.url().equals(host))) {
            throw new ValidationException("url", Names.quote(url) + " is not published on " + webserver);
        }
        commit(kv.key(), Optional.of(kv), new Webserver(ws.name(), ws.node(), apps, ws.address(), ws.published()),
                ws.node(), webserver, wait);
        secrets.delete(Secrets.tlsOfApp(webserver, host));
        return "Removed " + host + " from " + webserver + "." + waitNote(ws.node(), wait);
    }

    // --- hosts -----------------------------------------------------------------------------------

    @Override
    public String addHost(String url, String address) {
        Problems p = new Problems();
        p.check("url", hostName(url));
        p.check("ip", Names.ip(address));
        p.throwIfAny();
        String host = url.toLowerCase(java.util.Locale.ROOT);
        Optional<HostEntry> before = state.get(Keys.host(host), HostEntry.class);
        if (before.isPresent() && before.get().address().equals(address)) {
            return host + " points to " + address + " already; nothing changed.";
        }
        state.store().put(Keys.host(host), Json.write(new HostEntry(host, address)));
        reconciler.trigger();
        return (before.isPresent() ? "Changed " : "Added ") + host + " → " + address + " in " + settings.hostsFile()
                + " (on every node).";
    }

    @Override
    public String removeHost(String url) {
        String host = url == null ? "" : url.toLowerCase(java.util.Locale.ROOT);
        existing(Keys.host(host), "managed host", host, "hosts-list");
        state.store().commit(Txn.of(Op.delete(Keys.host(host))));
        reconciler.trigger();
        return "Removed " + host + " from " + settings.hostsFile() + ".";
    }

    @Override
    public Map<String, String> hosts() {
        Map<String, String> out = new TreeMap<>();
        state.list(Keys.HOSTS, HostEntry.class).forEach(h -> out.put(h.host(), h.address()));
        return out;
    }

    // --- domains ---------------------------------------------------------------------------------

    @Override
    public String declareDomains(String deployment, Map<String, Domain> domains, Duration wait) {
        Problems p = new Problems();
        p.check("deployment", Names.name(deployment));
        Map<String, Map<String, String>> passwords = new LinkedHashMap<>();
        List<DomainSet.Entry> entries = new ArrayList<>();
        Map<String, String> claimed = new LinkedHashMap<>();
        for (DomainSet set : state.list(Keys.DOMAINS, DomainSet.class)) {
            if (!set.deployment().equals(deployment)) {
                set.domains().forEach(d -> claimed.put(d.name(), set.deployment()));
            }
        }
        int index = 0;
        for (Domain d : domains.values()) {
            String f = hostName(d.name()) == null ? "domains." + d.name() : "domains[" + index + "]";
            index++;
            p.check(f, hostName(d.name()));
            if (d.deployment() != null && !d.deployment().equals(deployment)) {
                p.add(f + ".http", d.deployment() + ":" + d.service() + " is a service of another deployment; a"
                        + " Servicefile routes to its own (" + deployment + ":…)");
            }
            p.check(f + ".http", Names.name(d.service()));
            String owner = d.name() == null ? null : claimed.get(d.name().toLowerCase(java.util.Locale.ROOT));
            if (owner != null) {
                p.add(f, "is routed by deployment " + owner + " already");
            }
            Map<String, String> users = new LinkedHashMap<>();
            d.auth().forEach((user, password) -> {
                if (user == null || !USER.matcher(user).matches()) {
                    p.add(f + ".auth", Names.quote(user) + " is not a user name (letters, digits, '.', '_', '-', at most"
                            + " 64)");
                }
                if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD
                        || password.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028
                                || c == 0x2029)) {
                    p.add(f + ".auth." + user, "the password must be 1-" + MAX_PASSWORD
                            + " printable characters");
                }
                users.put(user, password);
            });
            if (d.name() != null) {
                String host = d.name().toLowerCase(java.util.Locale.ROOT);
                entries.add(new DomainSet.Entry(host, d.service(), List.copyOf(users.keySet())));
                if (!users.isEmpty()) {
                    passwords.put(host, users);
                }
            }
        }
        p.throwIfAny();
        String key = Keys.domains(deployment);
        Optional<KeyValue> kv = state.store().get(key);
        if (entries.isEmpty()) {
            if (kv.isEmpty()) {
                return "";
            }
            TxnResult r = state.store().commit(Txn.of(Op.delete(key)));
            secrets.delete(Secrets.domains(deployment));
            await(nodes.localName(), DOMAINS_PROXY, r.revision(), wait, null);
            return "Routing domains of " + deployment + " removed.";
        }
        DomainSet set = new DomainSet(deployment, entries);
        String secret = Secrets.domains(deployment);
        Optional<Secret> oldPasswords = secrets.get(secret);
        Secret newPasswords = Secret.of(new String(Json.write(passwords), StandardCharsets.UTF_8));
        if (kv.isPresent() && Json.read(kv.get().value(), DomainSet.class).equals(set)
                && oldPasswords.map(s -> s.equals(newPasswords)).orElse(passwords.isEmpty())) {
            return "Routing domains unchanged: " + String.join(", ", entries.stream().map(DomainSet.Entry::name).toList())
                    + ".";
        }
        if (passwords.isEmpty()) {
            secrets.delete(secret);
        } else {
            secrets.put(secret, newPasswords);
        }
        boolean served = registry.find(org.atoll.spi.routing.Router.class, settings.domainsKind()).isPresent();
        try {
            commit(key, kv, set, nodes.localName(), DOMAINS_PROXY, served ? wait : Duration.ZERO);
        } catch (RuntimeException e) {
            oldPasswords.ifPresentOrElse(s -> secrets.put(secret, s), () -> secrets.delete(secret));
            throw e;
        }
        return "Routing domains: " + String.join(", ", entries.stream().map(e -> e.name() + " → " + deployment + ":"
                + e.service() + (e.users().isEmpty() ? "" : " (digest auth)")).toList()) + ", on "
                + settings.domainsAddress() + ":" + settings.domainsPort() + "."
                + (served ? "" : " Not served yet: no " + settings.domainsKind() + " router is installed (feature:install"
                        + " atoll-" + settings.domainsKind() + ").");
    }

    @Override
    public List<DomainView> domains() {
        List<DomainView> out = new ArrayList<>();
        for (DomainSet set : state.list(Keys.DOMAINS, DomainSet.class)) {
            set.domains().forEach(d -> out.add(new DomainView(d.name(), set.deployment(), d.service(), d.users(),
                    nodes.localName())));
        }
        return out;
    }

    // --- views -----------------------------------------------------------------------------------

    @Override
    public List<ProxyView> loadBalancers() {
        List<ProxyView> out = new ArrayList<>();
        for (LoadBalancer lb : state.list(Keys.LOAD_BALANCERS, LoadBalancer.class)) {
            List<String> routes = new ArrayList<>();
            routes.add((lb.url() == null ? "*" : lb.url()) + " → " + (lb.backends().isEmpty() ? "(no backends)"
                    : String.join(" ", lb.backends())) + " [" + (lb.mode() == null ? "default" : lb.mode())
                    + (lb.tls() != null ? ", tls" + (lb.tls().selfSigned() ? " self-signed" : "") : "") + "]");
            out.add(view(lb.name(), lb.kind(), lb.node(), lb.address(), lb.published(), routes));
        }
        return out;
    }

    @Override
    public List<ProxyView> webservers() {
        List<ProxyView> out = new ArrayList<>();
        for (Webserver ws : state.list(Keys.WEBSERVERS, Webserver.class)) {
            List<String> routes = ws.apps().stream().map(a -> a.url() + " → " + a.backend()
                    + (a.tls() != null ? " [tls" + (a.tls().selfSigned() ? " self-signed]" : "]") : "")).toList();
            out.add(view(ws.name(), "nginx", ws.node(), ws.address(), ws.published(), routes));
        }
        return out;
    }

    private ProxyView view(String name, String kind, String node, String address, List<PublishedPort> published,
            List<String> routes) {
        String pub = published.isEmpty() ? "" : " published " + String.join(",", published.stream()
                .map(pp -> settings.publishAddress() + ":" + pp.hostPort() + "→" + pp.port()).toList());
        if (!node.equals(nodes.localName())) {
            return new ProxyView(name, kind, node, address, address + pub, routes, "on " + node, "");
        }
        Optional<RoutingReconciler.Status> s = reconciler.status(name);
        String st = s.map(x -> x.ok() ? "serving" : x.retryable() ? "retrying" : "refused").orElse("pending");
        return new ProxyView(name, kind, node, address, s.map(RoutingReconciler.Status::listens).filter(l -> !l.isEmpty())
                .orElse(address) + pub, routes, st, s.map(RoutingReconciler.Status::message).orElse(""));
    }

    @Override
    public List<String> loadBalancerNames() {
        return state.store().list(Keys.LOAD_BALANCERS).stream().map(kv -> Keys.leaf(kv.key())).toList();
    }

    @Override
    public List<String> webserverNames() {
        return state.store().list(Keys.WEBSERVERS).stream().map(kv -> Keys.leaf(kv.key())).toList();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * Stores {@code value} under {@code key} if it still holds {@code before}, then waits for the proxy's
     * node to apply it. A change the router refuses (its checker) is taken back, so it changes nothing.
     */
    private void commit(String key, Optional<KeyValue> before, Object value, String node, String proxy, Duration wait) {
        Compare guard = before.map(kv -> Compare.modRevision(key, kv.modRevision())).orElse(Compare.absent(key));
        TxnResult r = state.store().commit(Txn.when(guard).then(Op.put(key, Json.write(value))));
        if (!r.succeeded()) {
            throw new ValidationException("name", proxy + " changed meanwhile; try again");
        }
        reconciler.trigger();
        await(node, proxy, r.revision(), wait, () -> {
            Txn undo = Txn.when(Compare.modRevision(key, r.revision())).then(before
                    .map(kv -> Op.put(key, kv.value())).orElse(Op.delete(key)));
            state.store().commit(undo);
            reconciler.trigger();
        });
    }

    private void await(String node, String proxy, long revision, Duration wait, Runnable undo) {
        reconciler.trigger();
        if (!node.equals(nodes.localName()) || wait.isZero()) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RoutingReconciler.Status> s = reconciler.status(proxy);
            if (s.isPresent() && s.get().revision() >= revision) {
                if (s.get().ok()) {
                    return;
                }
                if (!s.get().retryable() && undo != null) {
                    undo.run();
                    throw new ValidationException(proxy, "refused, nothing changed: " + s.get().message());
                }
            } else if (s.isEmpty() && undo == null && reconciler.passedSince(revision)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String why = reconciler.status(proxy).map(RoutingReconciler.Status::message).filter(m -> !m.isEmpty())
                .map(m -> ": " + m).orElse("");
        throw new ValidationException(proxy, "stored, but not applied within " + wait.toSeconds() + " s" + why
                + " (it is retried; see lb-list/ws-list)");
    }

    private static String waitNote(String node, Duration wait) {
        return wait.isZero() ? " (applying in the background)" : "";
    }

    private KeyValue existing(String key, String what, String name, String list) {
        if (name == null || name.isEmpty() || Names.text(name, 300) != null) {
            throw new ValidationException("name", what + " " + Names.quote(name) + " does not exist (see " + list + ")");
        }
        KeyValue kv = state.store().get(key).orElseThrow(() -> new ValidationException("name", "no " + what + " "
                + Names.quote(name) + " (see " + list + ")"));
        Precondition.check(key, kv.modRevision(), what + " " + name);
        return kv;
    }

    /** On this node, a proxy of a kind no plugin runs could never start: say so before storing it. */
    private void requireRouter(String kind, String node) {
        if (node.equals(nodes.localName()) && registry.find(org.atoll.spi.routing.Router.class, kind).isEmpty()) {
            throw new ValidationException("kind", "no " + kind + " router is installed on " + node
                    + " (feature:install atoll-" + kind + ")");
        }
    }

    private void checkNode(String node, Problems p) {
        String problem = Names.name(node);
        if (problem != null) {
            p.add("node", problem);
            return;
        }
        if (nodes.list().stream().map(NodeStatus::node).noneMatch(n -> n.name().equals(node))) {
            p.add("node", "no node " + node + " (see node-list)");
        }
    }

    private void checkNewName(String name, Problems p) {
        String problem = Names.name(name);
        if (problem != null) {
            p.add("name", problem);
        } else if (name.startsWith("atoll-")) {
            p.add("name", "names starting with atoll- are reserved");
        }
    }

    private static String hostName(String url) {
        String problem = Names.host(url);
        if (problem != null) {
            return problem;
        }
        return Names.isIpv4(url) || Names.isIpv6(url) ? Names.quote(url) + " is an address; give a host name" : null;
    }

    private static void checkTls(String field, Tls tls, Problems p) {
        if (tls == null) {
            return;
        }
        if (tls.selfSigned() && (tls.certificate() != null || tls.key() != null)) {
            p.add(field, "give either a certificate and key (-c, -k) or -s, not both");
        } else if (!tls.selfSigned()) {
            if (tls.certificate() == null || tls.key() == null) {
                p.add(field, "give both a certificate (-c) and a key (-k)");
            } else {
                p.check(field + ".certificate", Names.absolutePath(tls.certificate()));
                p.check(field + ".key", Names.absolutePath(tls.key()));
            }
        }
    }

    private static Secret material(Tls tls, String host) {
        Certificates.Material m = tls.selfSigned() ? Certificates.selfSigned(host)
                : Certificates.read("tls", tls.certificate(), tls.key());
        return Secret.of(new String(Json.write(m), StandardCharsets.UTF_8));
    }

    private String freeName(String prefix) {
        Set<String> taken = new HashSet<>(loadBalancerNames());
        taken.addAll(webserverNames());
        for (int n = 1;; n++) {
            if (!taken.contains(prefix + n)) {
                return prefix + n;
            }
        }
    }

    private Set<String> usedAddresses(String node) {
        Set<String> used = new HashSet<>();
        state.list(Keys.LOAD_BALANCERS, LoadBalancer.class).stream().filter(l -> l.node().equals(node))
                .forEach(l -> used.add(l.address()));
        state.list(Keys.WEBSERVERS, Webserver.class).stream().filter(w -> w.node().equals(node))
                .forEach(w -> used.add(w.address()));
        return used;
    }

    private String freeAddress(String node) {
        int slash = range.indexOf('/');
        long base = v4(range.substring(0, slash));
        int bits = Integer.parseInt(range.substring(slash + 1));
        long size = 1L << (32 - bits);
        long network = base & ~(size - 1) & 0xffffffffL;
        Set<String> used = usedAddresses(node);
        for (long i = 1; i < Math.min(size - 1, 4096); i++) {
            String candidate = dotted(network + i);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new ValidationException("address", "the routing range " + range + " has no free address on " + node
                + "; give one with -a");
    }

    private String checkAddress(String node, String address) {
        if (usedAddresses(node).contains(address)) {
            throw new ValidationException("address", address + " is taken by another proxy on " + node);
        }
        if (node.equals(nodes.localName())) {
            try {
                InetAddress a = InetAddress.getByName(address);
                if (!a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) == null) {
                    throw new ValidationException("address", address + " is not an address of " + node);
                }
            } catch (IOException e) {
                throw new ValidationException("address", address + ": " + e.getMessage());
            }
        }
        return address;
    }

    private static void checkBindable(String field, String address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (SocketException e) {
            throw new ValidationException(field, "port " + port + " on " + address + " is in use or not bindable ("
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ValidationException(field, address + ":" + port + ": " + e.getMessage());
        }
    }

    private static long v4(String dotted) {
        long out = 0;
        for (String part : dotted.split("\\.")) {
            out = out << 8 | Integer.parseInt(part);
        }
        return out;
    }

    private static String dotted(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }
}
