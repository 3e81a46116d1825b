package org.atoll.kernel.internal.discovery;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Instance;
import org.atoll.api.model.Registry;
import org.atoll.api.model.Service;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.deploy.DeployFailedException;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.node.NodeStatus;
import org.atoll.kernel.internal.reconcile.InstanceReport;
import org.atoll.kernel.internal.reconcile.ReconcilerService;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.validate.ModelValidator;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.Problems;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.discovery.RegistryServer;
import org.atoll.spi.discovery.ServiceHealth;
import org.atoll.spi.store.Compare;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Txn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = DiscoveryService.class)
public class DiscoveryServiceImpl implements DiscoveryService {

    private static final String DEFAULT_ENVIRONMENT = "default";
    private static final Duration RETIRE_PATIENCE = Duration.ofSeconds(20);

    private final StateRepository state;
    private final ProviderRegistry registry;
    private final DeployService deploy;
    private final ReconcilerService reconciler;
    private final NodeService nodes;

    @Activate
    public DiscoveryServiceImpl(@Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store,
            @Reference ProviderRegistry registry, @Reference DeployService deploy,
            @Reference ReconcilerService reconciler, @Reference NodeService nodes) {
        this.state = new StateRepository(store);
        this.registry = registry;
        this.deploy = deploy;
        this.reconciler = reconciler;
        this.nodes = nodes;
    }

    // ---- registries

    @Override
    public String addRegistry(String node, String address, String type, String name, String external, Duration wait) {
        Problems p = new Problems();
        String kind = type == null ? "etcd" : type;
        if (!"etcd".equals(kind) && !"consul".equals(kind)) {
            throw new ValidationException("type", Names.quote(type) + " is not a registry type (etcd or consul)");
        }
        if (external != null) {
            p.check("external", externalUrl(external));
        } else {
            p.check("node", Names.name(node));
            p.check("address", Names.ip(address));
        }
        p.throwIfAny();
        String chosen = name != null ? name : defaultName(kind, address, external);
        Registry reg = external != null ? new Registry(chosen, kind, null, URI.create(external).getHost(), external)
                : new Registry(chosen, kind, node, address, null);
        ModelValidator.validate(reg);
        List<Registry> existing = state.list(Keys.REGISTRIES, Registry.class);
        boolean resume = false;
        for (Registry r : existing) {
            if (r.name().equals(reg.name())) {
                if (r.equals(reg)) {
                    if (r.external() != null || state.service(REGISTRY_DEPLOYMENT, r.name()).isPresent()) {
                        return "Registry " + reg.name() + " exists already; nothing changed.";
                    }
                    resume = true; // stored, but the kernel stopped before its server was deployed
                    continue;
                }
                throw new ValidationException("name", "registry " + Names.quote(reg.name()) + " exists already ("
                        + describe(r) + "); choose another name with -n");
            }
            if (external == null && r.external() == null && r.address().equals(address)
                    && !r.name().equals(reg.name())) {
                throw new ValidationException("address", "address " + address + " is taken by registry " + r.name());
            }
            if (external != null && external.equals(r.external())) {
                throw new ValidationException("external", external + " is adopted already as registry " + r.name());
            }
        }
        if (external != null) {
            commitNew(reg);
            return "Adopted " + kind + " registry " + reg.name() + " at " + external + ".";
        }
        NodeStatus target = nodes.list().stream().filter(n -> n.node().name().equals(node)).findFirst()
                .orElseThrow(() -> new ValidationException("node", "no node " + Names.quote(node) + " (see atoll:node-list)"));
        if (target.local()) {
            p.check("address", localAddress(address, node));
            p.throwIfAny();
        }
        DiscoveryProvider provider = registry.require(DiscoveryProvider.class, kind, DiscoveryProvider.CAP_DEPLOY);
        List<Registry> members = existing.stream()
                .filter(r -> r.type().equals(kind) && !r.name().equals(reg.name())).toList();
        // The record first: a kernel stopped after the cluster gained the member (and before its
        // server was deployed) leaves a record that registry-add finishes and registry-remove undoes.
        if (!resume) {
            commitNew(reg);
        }
        RegistryServer server;
        try {
            server = provider.prepareServer(reg, members);
        } catch (RuntimeException e) {
            undo(reg, provider, members);
            throw e;
        }
        ServiceSpec spec = new ServiceSpec(server.image(), server.cmd(), server.env(), null, server.volumes(), null, 1,
                null, null, List.of(node), server.network());
        try {
            deploy.setSystemService(REGISTRY_DEPLOYMENT, reg.name(), spec, target.local() ? wait : Duration.ZERO);
        } catch (DeployFailedException | ValidationException | ProviderException e) {
            undo(reg, provider, members);
            throw new DeployFailedException("registry " + reg.name() + " did not start, so it was not added: "
                    + e.getMessage());
        }
        String where = " on " + node + " at " + address;
        if (target.local() && !wait.isZero()) {
            Optional<String> problem = awaitReachable(provider, wait);
            if (problem.isPresent()) {
                return "Added " + kind + " registry " + reg.name() + where + "; it runs but does not answer yet: "
                        + problem.get();
            }
        }
        return (resume ? "Finished adding " : "Added ") + kind + " registry " + reg.name() + where
                + (members.isEmpty() ? "."
                : ", joining " + String.join(", ", members.stream().map(Registry::name).toList()) + ".");
    }

    private void commitNew(Registry reg) {
        boolean added = state.store().commit(Txn.when(Compare.absent(Keys.registry(reg.name())))
                .then(Op.put(Keys.registry(reg.name()), Json.write(reg)))).succeeded();
        if (!added) {
            throw new ValidationException("name", "registry " + Names.quote(reg.name()) + " was added meanwhile");
        }
    }

    private void undo(Registry reg, DiscoveryProvider provider, List<Registry> members) {
        try {
            if (!members.isEmpty()) {
                provider.retireServer(reg, members);
            }
        } catch (RuntimeException ignored) {
            // the member may never have been added; the registry record goes either way
        }
        state.store().commit(Txn.when().then(Op.delete(Keys.registry(reg.name()))));
        if (state.service(REGISTRY_DEPLOYMENT, reg.name()).isPresent()) {
            deploy.removeSystemService(REGISTRY_DEPLOYMENT, reg.name());
        }
    }

    /** Polls the provider, which the discovery sync connects to the new registry, until it answers. */
    private Optional<String> awaitReachable(DiscoveryProvider provider, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                provider.registrations();
                return Optional.empty();
            } catch (RuntimeException e) {
                last = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.of(last);
    }

    @Override
    public List<RegistryView> registries() {
        List<RegistryView> out = new ArrayList<>();
        for (Registry r : state.list(Keys.REGISTRIES, Registry.class)) {
            String instance = "";
            String st = "external";
            if (r.external() == null) {
                List<Instance> inst = state.instances(REGISTRY_DEPLOYMENT).stream()
                        .filter(i -> i.service().equals(r.name())).toList();
                if (inst.isEmpty()) {
                    st = "not deployed (registry-add again finishes it)";
                } else {
                    Instance i = inst.get(0);
                    instance = i.id();
                    if (!nodes.localName().equals(i.node())) {
                        st = "remote";
                    } else {
                        InstanceReport report = reconciler.report(List.of(i.id())).get(0);
                        st = report.observed() == null ? "missing" : report.observed().state().name().toLowerCase();
                    }
                }
            }
            String status = registry.find(DiscoveryProvider.class, r.type()).map(DiscoveryServiceImpl::status)
                    .orElse("no plugin (feature:install atoll-" + r.type() + ")");
            out.add(new RegistryView(r, instance, st, status));
        }
        out.sort(Comparator.comparing(v -> v.registry().name()));
        return out;
    }

    private static String status(DiscoveryProvider provider) {
        ProviderStatus s;
        try {
            s = provider.status();
        } catch (RuntimeException e) {
            s = ProviderStatus.down(String.valueOf(e.getMessage()));
        }
        return s.message().isEmpty() ? s.state().name() : s.state().name() + ": " + s.message();
    }

    @Override
    public String removeRegistry(String name) {
        Registry reg = registry(name);
        List<Registry> remaining = state.list(Keys.REGISTRIES, Registry.class).stream()
                .filter(r -> r.type().equals(reg.type()) && !r.name().equals(reg.name())).toList();
        if (reg.external() == null && !remaining.isEmpty()) {
            retire(registry.require(DiscoveryProvider.class, reg.type()), reg, remaining);
        }
        state.store().commit(Txn.when().then(Op.delete(Keys.registry(reg.name()))));
        String instance = "";
        if (state.service(REGISTRY_DEPLOYMENT, reg.name()).isPresent()) {
            instance = " Its instance will be stopped.";
            deploy.removeSystemService(REGISTRY_DEPLOYMENT, reg.name());
        }
        return "Removed registry " + reg.name() + "." + instance
                + (remaining.isEmpty() ? " No " + reg.type() + " registry is left: nothing is published there." : "");
    }

    /** etcd refuses to remove a member that joined seconds ago: retryable failures are retried a while. */
    private static void retire(DiscoveryProvider provider, Registry reg, List<Registry> remaining) {
        Instant deadline = Instant.now().plus(RETIRE_PATIENCE);
        while (true) {
            try {
                provider.retireServer(reg, remaining);
                return;
            } catch (ProviderException e) {
                if (!e.retryable() || Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while " + reg.name() + " left its cluster", true, e);
            }
        }
    }

    @Override
    public List<String> registryNames() {
        return state.store().list(Keys.REGISTRIES).stream().map(kv -> Keys.leaf(kv.key())).toList();
    }

    private Registry registry(String name) {
        String problem = Names.name(name);
        if (problem != null) {
            throw new ValidationException("name", problem);
        }
        return state.get(Keys.registry(name), Registry.class)
                .orElseThrow(() -> new ValidationException("name", "no registry " + Names.quote(name)
                        + " (see atoll:registry-list)"));
    }

    private String defaultName(String type, String address, String external) {
        if (external == null) {
            String[] parts = address.split("[.:]");
            String last = parts.length == 0 ? "" : parts[parts.length - 1].toLowerCase();
            if (!last.isEmpty()) {
                return type + "-" + last;
            }
        }
        Set<String> taken = new HashSet<>(registryNames());
        for (int n = 1;; n++) {
            if (!taken.contains(type + "-" + n)) {
                return type + "-" + n;
            }
        }
    }

    static String externalUrl(String url) {
        if (url.startsWith("https://") || url.startsWith("http://")) {
            String problem = ModelValidator.httpTarget(url, true);
            if (problem != null) {
                return problem;
            }
            URI uri = URI.create(url);
            if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
                return Names.quote(url) + " must not have a path (http://HOST:PORT)";
            }
            return null;
        }
        return Names.quote(url) + " is not an http:// or https:// URL";
    }

    /** Null when {@code address} is on this node (a loopback address counts), else the problem. */
    static String localAddress(String address, String node) {
        try {
            InetAddress a = InetAddress.getByName(address);
            if (a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null) {
                return null;
            }
            return address + " is not an address of node " + node + "; add it to an interface first"
                    + " (ip address add " + address + "/32 dev lo)";
        } catch (UnknownHostException | SocketException e) {
            return Names.quote(address) + " cannot be checked: " + e.getMessage();
        }
    }

    private static String describe(Registry r) {
        return r.external() != null ? r.type() + " at " + r.external() : r.type() + " on " + r.node() + " at " + r.address();
    }

    // ---- services and checks of containers

    @Override
    public ContainerService addService(String container, String name, int port, String proto) {
        Problems p = new Problems();
        p.check("name", Names.name(name));
        p.check("port", Names.port(port));
        String pr = proto == null ? "tcp" : proto;
        p.check("proto", Names.proto(pr));
        p.throwIfAny();
        String target = target(container);
        ContainerService s = new ContainerService(target, name, port, pr);
        put(Keys.containerService(target, name), s, state.get(Keys.containerService(target, name), ContainerService.class),
                "service " + name + " of " + target);
        return s;
    }

    @Override
    public List<ContainerService> services(String container) {
        List<ContainerService> all = state.list(Keys.CONTAINER_SERVICES, ContainerService.class);
        if (container == null) {
            return all;
        }
        String target = target(container);
        return all.stream().filter(s -> s.target().equals(target)).toList();
    }

    @Override
    public List<ContainerService> removeService(String container, String name) {
        String target = target(container);
        if (name != null) {
            check("name", Names.name(name));
        }
        List<ContainerService> gone = services(container).stream()
                .filter(s -> name == null || s.name().equals(name)).toList();
        if (gone.isEmpty()) {
            throw new ValidationException(name == null ? "container" : "name", target + " has no service"
                    + (name == null ? "" : " " + Names.quote(name)));
        }
        List<Op> ops = gone.stream().map(s -> Op.delete(Keys.containerService(target, s.name()))).toList();
        state.store().commit(new Txn(List.of(), ops));
        return gone;
    }

    @Override
    public ContainerCheck addCheck(String container, String name, String type, String target) {
        CheckSpec spec = new CheckSpec(name, type, target, null, null);
        Problems p = new Problems();
        ModelValidator.check("check", spec, false, p);
        p.throwIfAny();
        String t = target(container);
        ContainerCheck c = new ContainerCheck(t, spec);
        put(Keys.containerCheck(t, name), c, state.get(Keys.containerCheck(t, name), ContainerCheck.class),
                "check " + name + " of " + t);
        return c;
    }

    @Override
    public List<ContainerCheck> checks(String container) {
        List<ContainerCheck> all = state.list(Keys.CONTAINER_CHECKS, ContainerCheck.class);
        if (container == null) {
            return all;
        }
        String target = target(container);
        return all.stream().filter(c -> c.target().equals(target)).toList();
    }

    @Override
    public ContainerCheck removeCheck(String container, String name) {
        check("name", Names.name(name));
        String target = target(container);
        ContainerCheck c = state.get(Keys.containerCheck(target, name), ContainerCheck.class)
                .orElseThrow(() -> new ValidationException("name", target + " has no check " + Names.quote(name)));
        state.store().commit(Txn.when().then(Op.delete(Keys.containerCheck(target, name))));
        return c;
    }

    /** Stores a new entry; the same entry again is a no-op, a different one under its name an error. */
    private <T> void put(String key, T value, Optional<T> existing, String what) {
        if (existing.isPresent()) {
            if (existing.get().equals(value)) {
                return;
            }
            throw new ValidationException("name", what + " exists already with other settings; remove it first");
        }
        if (!state.store().commit(Txn.when(Compare.absent(key)).then(Op.put(key, Json.write(value)))).succeeded()) {
            throw new ValidationException("name", what + " was added meanwhile");
        }
    }

    /** An instance id, or DEPLOYMENT:SERVICE (also written DEPLOYMENT/SERVICE), that exists. */
    private String target(String container) {
        if (container == null || container.isEmpty()) {
            throw new ValidationException("container", "is required");
        }
        String t = container.replace('/', ':');
        int colon = t.indexOf(':');
        if (colon >= 0) {
            String dep = t.substring(0, colon);
            String svc = t.substring(colon + 1);
            Problems p = new Problems();
            p.check("container", Names.name(dep));
            p.check("container", Names.name(svc));
            p.throwIfAny();
            if (state.service(dep, svc).isEmpty()) {
                throw new ValidationException("container", "deployment " + dep + " has no service " + svc);
            }
            return dep + ":" + svc;
        }
        if (!t.matches("[a-z0-9][a-z0-9-]{0,199}")) {
            throw new ValidationException("container", Names.quote(container)
                    + " is not an instance id or DEPLOYMENT:SERVICE");
        }
        if (state.instances().stream().noneMatch(i -> i.id().equals(t))) {
            throw new ValidationException("container", "no instance " + Names.quote(t)
                    + "; give an instance id from atoll:ps, or DEPLOYMENT:SERVICE for every instance of a service");
        }
        return t;
    }

    // ---- published services and checks

    @Override
    public PublishedService publishService(String name, String hostPort, String environment) {
        Problems p = new Problems();
        p.check("name", Names.name(name));
        p.check("target", ModelValidator.hostPort(hostPort));
        String env = environment == null ? DEFAULT_ENVIRONMENT : environment;
        p.check("environment", Names.name(env));
        p.throwIfAny();
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        PublishedService s = new PublishedService(name, env, nodes.localName(), host,
                Integer.parseInt(hostPort.substring(colon + 1)), List.of());
        Optional<PublishedService> existing = state.get(Keys.published(name), PublishedService.class);
        if (existing.isPresent() && existing.get().withChecks(List.of()).equals(s)) {
            return existing.get();
        }
        put(Keys.published(name), s, existing, "published service " + name);
        return s;
    }

    @Override
    public PublishedService unpublishService(String name) {
        check("name", Names.name(name));
        PublishedService s = state.get(Keys.published(name), PublishedService.class)
                .orElseThrow(() -> new ValidationException("name", "no published service " + Names.quote(name)));
        state.store().commit(Txn.when().then(Op.delete(Keys.published(name))));
        return s;
    }

    @Override
    public PublishedService publishCheck(String name, String type, String target, String service) {
        CheckSpec spec = new CheckSpec(name, type, target, null, null);
        Problems p = new Problems();
        ModelValidator.check("check", spec, true, p);
        if (service != null) {
            p.check("service", Names.name(service));
        }
        p.throwIfAny();
        List<PublishedService> all = published();
        for (PublishedService s : all) {
            for (CheckSpec c : s.checks()) {
                if (c.name().equals(name)) {
                    if (c.equals(spec) && (service == null || s.name().equals(service))) {
                        return s;
                    }
                    throw new ValidationException("name", "check " + Names.quote(name) + " exists already on "
                            + s.name() + "; remove it first with check-unpublish");
                }
            }
        }
        PublishedService owner;
        if (service != null) {
            owner = all.stream().filter(s -> s.name().equals(service)).findFirst()
                    .orElseThrow(() -> new ValidationException("service", "no published service " + Names.quote(service)));
        } else {
            String[] hp = hostAndPort(spec);
            owner = all.stream().filter(s -> s.address().equals(hp[0]) && Integer.toString(s.port()).equals(hp[1]))
                    .findFirst().orElseThrow(() -> new ValidationException("target", "no published service at "
                            + hp[0] + ":" + hp[1] + "; publish it with service-publish first, or name one with --service"));
        }
        List<CheckSpec> checks = new ArrayList<>(owner.checks());
        checks.add(spec);
        state.store().commit(Txn.when().then(Op.put(Keys.published(owner.name()), Json.write(owner.withChecks(checks)))));
        return owner.withChecks(checks);
    }

    private static String[] hostAndPort(CheckSpec c) {
        if ("tcp".equals(c.type())) {
            int colon = c.target().lastIndexOf(':');
            return new String[] {strip(c.target().substring(0, colon)), c.target().substring(colon + 1)};
        }
        URI uri = URI.create(c.target());
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new String[] {strip(uri.getHost()), Integer.toString(port)};
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public PublishedService unpublishCheck(String name) {
        check("name", Names.name(name));
        for (PublishedService s : published()) {
            if (s.checks().stream().anyMatch(c -> c.name().equals(name))) {
                PublishedService changed = s.withChecks(s.checks().stream().filter(c -> !c.name().equals(name)).toList());
                state.store().commit(Txn.when().then(Op.put(Keys.published(s.name()), Json.write(changed))));
                return changed;
            }
        }
        throw new ValidationException("name", "no published check " + Names.quote(name));
    }

    @Override
    public List<PublishedService> published() {
        return state.list(Keys.PUBLISHED, PublishedService.class);
    }

    // ---- listing

    @Override
    public List<CatalogEntry> catalog() {
        Set<String> types = new TreeSet<>();
        state.list(Keys.REGISTRIES, Registry.class).forEach(r -> types.add(r.type()));
        List<CatalogEntry> out = new ArrayList<>();
        for (String type : types) {
            Optional<DiscoveryProvider> provider = registry.find(DiscoveryProvider.class, type);
            if (provider.isEmpty()) {
                out.add(new CatalogEntry(type, null, "no " + type + " plugin (feature:install atoll-" + type + ")"));
                continue;
            }
            try {
                for (ServiceHealth h : provider.get().catalog()) {
                    out.add(new CatalogEntry(type, h, ""));
                }
            } catch (RuntimeException e) {
                out.add(new CatalogEntry(type, null, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return out;
    }

    @Override
    public List<String> containers() {
        Set<String> out = new TreeSet<>();
        for (Instance i : state.instances()) {
            out.add(i.id());
        }
        for (Service s : state.services()) {
            out.add(s.deployment() + ":" + s.name());
        }
        return List.copyOf(out);
    }

    private static void check(String field, String problem) {
        if (problem != null) {
            throw new ValidationException(field, problem);
        }
    }
}
