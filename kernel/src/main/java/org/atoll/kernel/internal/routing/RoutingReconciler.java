package org.atoll.kernel.internal.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.core.type.TypeReference;

import org.atoll.api.model.LoadBalancer;
import org.atoll.api.model.Registry;
import org.atoll.api.model.TlsSpec;
import org.atoll.api.model.Webserver;
import org.atoll.kernel.internal.discovery.DirectAddresses;
import org.atoll.kernel.internal.exec.Closeables;
import org.atoll.kernel.internal.exec.TriggeredLoop;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.secret.SecretStore;
import org.atoll.kernel.internal.state.ChangeWatch;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.ProviderException;
import org.atoll.spi.database.Secret;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.routing.Router;
import org.atoll.spi.routing.RoutingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node's routers serve exactly the proxies the store places on this node, with the
 * servers discovery reports. Level-triggered, on its own thread: a pass builds every table and
 * applies it (routers compare, so an unchanged table costs nothing and a change of servers goes
 * through a runtime API where there is one), removes proxies nothing declares any more, and writes
 * the managed hosts block. Passes run on store changes, on discovery changes of a followed name,
 * when routers come and go, and every {@code resync}.
 */
final class RoutingReconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingReconciler.class);

    /** The outcome of the last apply of one proxy, and the store revision the pass read. */
    record Status(boolean ok, String message, boolean retryable, long revision, String listens) {
    }

    /**
     * @param publishAddress where published ports listen on this node
     * @param domainsKind    the router kind serving routing domains
     * @param domainsAddress where routing domains listen
     * @param domainsPort    the port of routing domains
     * @param hostsFile      the file with the managed hosts block
     * @param tlsDirectory   where certificates and keys are written for the routers (0700)
     */
    record Settings(String node, String publishAddress, String domainsKind, String domainsAddress, int domainsPort,
            Path hostsFile, Path tlsDirectory, Duration resync) {
    }

    private final StateRepository state;
    private final ProviderRegistry registry;
    private final SecretStore secrets;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final DirectAddresses direct;
    private AutoCloseable directListener;
    /** How long routing waits at most for this node's discovery to publish what runs here. */
    static final Duration READY_GRACE = Duration.ofSeconds(30);
    private final long startedAt = System.nanoTime();
    private boolean sawReady;
    private final TriggeredLoop loop;
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final Map<String, Followed> followed = new HashMap<>();
    private final Map<String, String> lastProblem = new HashMap<>();
    private ChangeWatch watch;
    private AutoCloseable registryListener;
    private Set<String> followedTypes = Set.of();
    private volatile long passedRevision = -1;

    /** A discovered name this node's proxies route to: its watches and the latest endpoints per registry type. */
    private static final class Followed {
        final List<AutoCloseable> watches = new ArrayList<>();
        final Map<String, List<Endpoint>> byType = new ConcurrentHashMap<>();
        /** Whether a registry has answered for it yet (or there is none to ask). */
        volatile boolean known;
        /** When it was last read whole (System.nanoTime), besides what its watches deliver. */
        volatile long resolvedAt = System.nanoTime();

        List<Endpoint> endpoints() {
            List<Endpoint> out = new ArrayList<>();
            byType.values().forEach(out::addAll);
            return out;
        }
    }

    RoutingReconciler(StateRepository state, ProviderRegistry registry, SecretStore secrets,
            ScheduledExecutorService scheduler, DirectAddresses direct, Settings settings) {
        this.state = state;
        this.direct = direct;
        this.registry = registry;
        this.secrets = secrets;
        this.scheduler = scheduler;
        this.settings = settings;
        this.loop = new TriggeredLoop("atoll-routing", scheduler, this::pass);
    }

    synchronized void start() {
        watch = ChangeWatch.start(state.store(), scheduler, List.of(Keys.ROUTING, Keys.REGISTRIES), this::trigger);
        registryListener = registry.onChange(this::trigger);
        directListener = direct.onChange(this::trigger);
        loop.every(settings.resync());
        trigger();
    }

    void trigger() {
        loop.trigger();
    }

    Optional<Status> status(String proxy) {
        return Optional.ofNullable(statuses.get(proxy));
    }

    /** A proxy this pass should run: its router kind and table. */
    private record Desired(String kind, RoutingTable table, long modRevision) {
    }

    private void pass() {
        long revision = state.store().revision();
        boolean retry = false;
        try {
            List<LoadBalancer> lbs = state.list(Keys.LOAD_BALANCERS, LoadBalancer.class).stream()
                    .filter(l -> settings.node().equals(l.node())).toList();
            List<Webserver> wss = state.list(Keys.WEBSERVERS, Webserver.class).stream()
                    .filter(w -> settings.node().equals(w.node())).toList();
            List<DomainSet> domains = state.list(Keys.DOMAINS, DomainSet.class);
            // the discovered names each proxy routes to
            Map<String, Set<String>> needs = new HashMap<>();
            lbs.forEach(l -> needs.put(l.name(), followedNames(l.backends())));
            wss.forEach(w -> needs.put(w.name(), followedNames(w.apps().stream().map(a -> a.backend()).toList())));
            Set<String> domainServices = new LinkedHashSet<>();
            domains.forEach(set -> set.domains().forEach(d -> domainServices.add(d.service())));
            needs.put(RoutingService.DOMAINS_PROXY, domainServices);
            Set<String> all = new LinkedHashSet<>();
            needs.values().forEach(all::addAll);
            follow(all);
            boolean discoveryReady = direct.ready() || System.nanoTime() - startedAt > READY_GRACE.toNanos();
            if (discoveryReady && !sawReady) {
                // this node's instances are registered again: read them whole rather than wait for the watches
                sawReady = true;
                followed.forEach((name, f) -> reread(name, f, followedTypes));
            }
            Tables.Inputs in = new Tables.Inputs(this::endpoints, this::tlsFiles, settings.publishAddress());
            Map<String, Desired> desired = new LinkedHashMap<>();
            for (LoadBalancer lb : lbs) {
                desired.put(lb.name(), desired(lb.kind(), () -> Tables.of(lb, in), Keys.loadBalancer(lb.name())));
            }
            for (Webserver ws : wss) {
                desired.put(ws.name(), desired("nginx", () -> Tables.of(ws, in), Keys.webserver(ws.name())));
            }
            if (domains.stream().anyMatch(d -> !d.domains().isEmpty())) {
                desired.put(RoutingService.DOMAINS_PROXY, desired(settings.domainsKind(),
                        () -> Tables.ofDomains(domains, passwords(domains), settings.domainsAddress(),
                                settings.domainsPort(), in), Keys.DOMAINS));
            }
            for (Map.Entry<String, Desired> e : desired.entrySet()) {
                Set<String> names = needs.getOrDefault(e.getKey(), Set.of());
                // until this node's discovery has published what runs here, the registries may have
                // lost its instances while the kernel was down (their leases expired)
                List<String> unknown = discoveryReady ? names.stream()
                        .filter(n -> followed.get(n) == null || !followed.get(n).known).toList() : List.copyOf(names);
                if (!unknown.isEmpty()) {
                    // the registry has not answered yet (a restart): keep serving what the proxy has
                    // rather than taking every discovered server away from it
                    statuses.put(e.getKey(), new Status(false, "waiting for discovery of " + String.join(", ", unknown),
                            true, revision, ""));
                    retry = true;
                    continue;
                }
                retry |= !apply(e.getKey(), e.getValue(), revision);
            }
            statuses.keySet().retainAll(desired.keySet());
            retry |= !removeUndeclared(desired);
            writeHosts();
        } catch (RuntimeException e) {
            LOG.warn("Routing pass failed: {}", e.getMessage(), e);
            retry = true;
        }
        passedRevision = revision;
        if (retry) {
            loop.retrySoon(Duration.ofSeconds(2));
        }
    }

    /** Whether a pass that read the store at {@code revision} or later has finished. */
    boolean passedSince(long revision) {
        return passedRevision >= revision;
    }

    private interface TableSupplier {
        RoutingTable get();
    }

    private Desired desired(String kind, TableSupplier table, String key) {
        long mod = state.store().get(key).map(kv -> kv.modRevision()).orElse(0L);
        try {
            return new Desired(kind, table.get(), mod);
        } catch (RuntimeException e) {
            return new Desired(kind, null, mod);
        }
    }

    private boolean apply(String name, Desired d, long revision) {
        try {
            if (d.table() == null) {
                throw new ProviderException("its certificate or password could not be read from the secret store", true);
            }
            Router router = registry.find(Router.class, d.kind())
                    .orElseThrow(() -> new ProviderException("no " + d.kind() + " router is installed (feature:install"
                            + " atoll-" + d.kind() + ")", true));
            var result = router.apply(name, d.table());
            if (result.changed()) {
                LOG.info("Proxy {} ({}): {}", name, d.kind(), result.message());
            }
            statuses.put(name, new Status(true, "", true, revision, listens(d.table())));
            lastProblem.remove(name);
            return true;
        } catch (RuntimeException e) {
            boolean retryable = !(e instanceof ProviderException pe) || pe.retryable();
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            statuses.put(name, new Status(false, message, retryable, revision, d.table() == null ? "" : listens(d.table())));
            if (!message.equals(lastProblem.put(name, message))) {
                LOG.warn("Proxy {} ({}): {}", name, d.kind(), message);
            }
            return !retryable;
        }
    }

    private static String listens(RoutingTable t) {
        Set<String> out = new TreeSet<>();
        t.frontends().forEach(f -> out.add((f.address() == null ? "*" : f.address()) + ":" + f.port()
                + (f.tls() != null ? "/tls" : "")));
        return String.join(" ", out);
    }

    private boolean removeUndeclared(Map<String, Desired> desired) {
        boolean ok = true;
        for (Router router : registry.all(Router.class)) {
            String kind = router.info().name();
            List<String> running;
            try {
                running = router.proxies();
            } catch (RuntimeException e) {
                LOG.warn("Listing the proxies of {} failed: {}", kind, e.getMessage());
                ok = false;
                continue;
            }
            for (String p : running) {
                Desired d = desired.get(p);
                if (d == null || !d.kind().equals(kind)) {
                    try {
                        router.remove(p);
                        LOG.info("Removed proxy {} ({})", p, kind);
                    } catch (RuntimeException e) {
                        LOG.warn("Removing proxy {} ({}) failed: {}", p, kind, e.getMessage());
                        ok = false;
                    }
                }
            }
        }
        return ok;
    }

    // --- discovery -------------------------------------------------------------------------------

    /** The names of the {@code service:NAME} backends among {@code backends}. */
    private static Set<String> followedNames(List<String> backends) {
        Set<String> out = new LinkedHashSet<>();
        backends.stream().filter(b -> b.startsWith(Tables.SERVICE))
                .forEach(b -> out.add(b.substring(Tables.SERVICE.length())));
        return out;
    }

    private void follow(Set<String> names) {
        Set<String> types = new TreeSet<>();
        for (Registry r : state.list(Keys.REGISTRIES, Registry.class)) {
            types.add(r.type());
        }
        Set<String> available = new TreeSet<>();
        for (String t : types) {
            if (registry.find(DiscoveryProvider.class, t).isPresent()) {
                available.add(t);
            }
        }
        if (!available.equals(followedTypes)) {
            followed.values().forEach(f -> f.watches.forEach(Closeables::closeQuietly));
            followed.clear();
            followedTypes = available;
        }
        for (var it = followed.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!names.contains(e.getKey())) {
                e.getValue().watches.forEach(Closeables::closeQuietly);
                it.remove();
            }
        }
        for (String name : names) {
            Followed existing = followed.get(name);
            if (existing != null) {
                if (System.nanoTime() - existing.resolvedAt > settings.resync().toNanos()) {
                    reread(name, existing, available);
                }
                continue;
            }
            Followed f = new Followed();
            f.known = available.isEmpty();
            // what the registries hold now, so that a new proxy starts with its servers
            reread(name, f, available);
            for (String type : available) {
                Optional<DiscoveryProvider> p = registry.find(DiscoveryProvider.class, type);
                if (p.isEmpty()) {
                    continue;
                }
                try {
                    f.watches.add(p.get().watch(name, (n, endpoints) -> {
                        List<Endpoint> before = f.byType.put(type, List.copyOf(endpoints));
                        boolean first = !f.known;
                        f.known = true;
                        if (first || !endpoints.equals(before)) {
                            trigger();
                        }
                    }));
                } catch (RuntimeException e) {
                    LOG.warn("Following {} through {} failed: {}", name, type, e.getMessage());
                }
            }
            if (!f.known && f.watches.isEmpty()) {
                continue; // no registry answered and no watch started: the next pass tries again
            }
            followed.put(name, f);
        }
    }

    /**
     * Reads a followed name whole through every registry type: when it starts to be followed, and
     * every resync in case a watch missed something.
     */
    private void reread(String name, Followed f, Set<String> types) {
        f.resolvedAt = System.nanoTime();
        for (String type : types) {
            registry.find(DiscoveryProvider.class, type).ifPresent(p -> {
                try {
                    f.byType.put(type, List.copyOf(p.resolve(name)));
                    f.known = true;
                } catch (RuntimeException e) {
                    LOG.debug("Resolving {} through {} failed: {}", name, type, e.getMessage());
                }
            });
        }
    }

    private List<Endpoint> endpoints(String name, String environment) {
        Followed f = followed.get(name);
        if (f == null) {
            return List.of();
        }
        return f.endpoints().stream().filter(e -> environment == null || environment.equals(e.environment()))
                .map(this::direct).toList();
    }

    /** An endpoint of this node's own instance at its address on its container network, others as registered. */
    private Endpoint direct(Endpoint e) {
        return direct.of(e.registrationId())
                .map(d -> new Endpoint(e.registrationId(), d.address(), d.port(), e.healthy(), e.environment()))
                .orElse(e);
    }

    // --- secrets ---------------------------------------------------------------------------------

    private TlsSpec tlsFiles(String secretName) {
        Secret s = secrets.get(secretName)
                .orElseThrow(() -> new IllegalStateException("the TLS secret " + secretName + " is missing"));
        Certificates.Material m = Json.read(new String(s.reveal()).getBytes(StandardCharsets.UTF_8),
                Certificates.Material.class);
        try {
            Path dir = settings.tlsDirectory().resolve(secretName);
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            writeIfChanged(cert, m.certificate());
            writeIfChanged(key, m.key());
            return new TlsSpec(cert.toString(), key.toString(), false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write TLS files: " + e.getMessage(), e);
        }
    }

    private static void writeIfChanged(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, bytes);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Map<String, Map<String, String>> passwords(List<DomainSet> sets) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (DomainSet set : sets) {
            if (set.domains().stream().allMatch(d -> d.users().isEmpty())) {
                continue;
            }
            Secret s = secrets.get(Secrets.domains(set.deployment()))
                    .orElseThrow(() -> new IllegalStateException("the passwords of " + set.deployment() + " are missing"));
            Map<String, Map<String, String>> all = Json.read(new String(s.reveal()).getBytes(StandardCharsets.UTF_8),
                    new TypeReference<Map<String, Map<String, String>>>() { });
            out.putAll(all);
        }
        return out;
    }

    // --- hosts -----------------------------------------------------------------------------------

    private void writeHosts() {
        List<HostEntry> entries = state.list(Keys.HOSTS, HostEntry.class);
        try {
            HostsFile.write(settings.hostsFile(), entries);
        } catch (IOException | RuntimeException e) {
            String message = "writing " + settings.hostsFile() + ": " + e.getMessage();
            if (!message.equals(lastProblem.put("hosts", message))) {
                LOG.warn("Managed hosts: {}", message);
            }
            return;
        }
        lastProblem.remove("hosts");
    }

    @Override
    public void close() {
        loop.close();
        synchronized (this) {
            if (watch != null) {
                watch.close();
            }
            Closeables.closeQuietly(registryListener);
            Closeables.closeQuietly(directListener);
        }
        followed.values().forEach(f -> f.watches.forEach(Closeables::closeQuietly));
    }
}
