package org.atoll.kernel.internal.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.atoll.api.model.Instance;
import org.atoll.api.model.Registry;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.ServiceVersion;
import org.atoll.kernel.internal.exec.Closeables;
import org.atoll.kernel.internal.exec.KernelThreads;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.state.ChangeWatch;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.backend.BackendEvent;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.discovery.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registries in step with what runs on this node.
 *
 * <p>Two paths, both on one thread ({@code atoll-discovery}) so that their effects apply in the
 * order things happened: a backend event publishes or withdraws one instance at once (a started
 * container is inspected and registered; a dead or removed one is deregistered), and a full pass —
 * periodic, and on any change of registries, discovery entries or instances — compares what should
 * be published from this node with what the registries hold for it and repairs the difference. The
 * full pass is the anti-entropy that removes entries a crash left behind: after a restart it finds
 * registrations of this node whose instance no longer runs and deletes them.
 */
public final class DiscoverySync implements DirectAddresses, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DiscoverySync.class);

    /**
     * @param node        this node's name
     * @param nodeAddress the address clients reach this node's published ports on
     * @param backend     the container backend instances run on
     * @param resync      the period of full passes
     */
    public record Settings(String node, String nodeAddress, String backend, Duration resync) {
    }

    private final StateRepository state;
    private final ProviderRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final ExecutorService thread;
    private final AtomicBoolean fullQueued = new AtomicBoolean();
    /** Per registry type: the provider object last connected and the registries it was given. */
    private final Map<String, Connected> connected = new HashMap<>();
    /** What this node published by the event path or the last full pass, by registration id. */
    private final Map<String, Registration> published = new LinkedHashMap<>();
    /** The own addresses of what {@link #published} holds for instances, by registration id; read by routing. */
    private final Map<String, Direct> direct = new java.util.concurrent.ConcurrentHashMap<>();
    /** When registrations of this node were withdrawn lately (System.nanoTime), by id; sync thread only. */
    private final Map<String, Long> withdrawnAt = new HashMap<>();
    /** Whether this run's first full pass has published what runs here (and listeners were told). */
    private volatile boolean directAnnounced;
    private final List<Runnable> directListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<ContainerBackend, AutoCloseable> subscriptions = new IdentityHashMap<>();
    private final Map<String, String> lastFailure = new HashMap<>();
    private volatile boolean closed;
    private ChangeWatch watch;
    private ScheduledFuture<?> periodic;
    private ScheduledFuture<?> retry;
    private AutoCloseable registryListener;

    private record Connected(DiscoveryProvider provider, List<Registry> registries) {
    }

    public DiscoverySync(StateRepository state, ProviderRegistry registry, ScheduledExecutorService scheduler,
            Settings settings) {
        this.state = state;
        this.registry = registry;
        this.scheduler = scheduler;
        this.settings = settings;
        this.thread = Executors.newSingleThreadExecutor(KernelThreads.named("atoll-discovery"));
    }

    public synchronized void start() {
        watch = ChangeWatch.start(state.store(), scheduler, List.of(Keys.REGISTRIES, Keys.DISCOVERY, Keys.INSTANCES),
                this::requestFull);
        registryListener = registry.onChange(this::requestFull);
        long period = settings.resync().toMillis();
        periodic = scheduler.scheduleWithFixedDelay(this::requestFull, period, period, TimeUnit.MILLISECONDS);
        requestFull();
    }

    /** Asks for a full pass soon; passes requested meanwhile coalesce. Never blocks. */
    public void requestFull() {
        if (!closed && fullQueued.compareAndSet(false, true)) {
            submit(() -> {
                fullQueued.set(false);
                full();
            });
        }
    }

    private void submit(Runnable task) {
        try {
            thread.execute(() -> {
                if (!closed) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Discovery sync failed: {}", e.toString());
                        retrySoon();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // closing
        }
    }

    private void full() {
        List<Registry> registries = state.list(Keys.REGISTRIES, Registry.class);
        List<DiscoveryProvider> providers = connect(registries);
        Optional<ContainerBackend> backend = registry.find(ContainerBackend.class, settings.backend());
        subscribe();
        if (providers.isEmpty() || backend.isEmpty()) {
            published.clear();
            updateDirect(Map.of(), id -> true);
            if (registries.isEmpty()) {
                announce(); // no registry: nothing of this node's is missing from one
            }
            return;
        }
        Map<String, Registration> desired = new LinkedHashMap<>();
        Map<String, Direct> desiredDirect = new HashMap<>();
        Context context = context();
        for (BackendInstance o : backend.get().list()) {
            registrationsOf(o, context, desiredDirect).forEach(r -> desired.put(r.id(), r));
        }
        // known before a registry announces them, so that a proxy following one never sees it without
        updateDirect(desiredDirect, id -> false);
        for (PublishedService p : context.published()) {
            if (settings.node().equals(p.node())) {
                Registration r = Registrations.of(p);
                desired.put(r.id(), r);
            }
        }
        boolean failed = false;
        for (DiscoveryProvider provider : providers) {
            String type = provider.info().name();
            try {
                Map<String, Registration> current = new HashMap<>();
                for (Registration r : provider.registrations()) {
                    if (settings.node().equals(r.node())) {
                        current.put(r.id(), r);
                    }
                }
                for (Registration r : desired.values()) {
                    // what this run has not published itself is put again, even when an equal entry
                    // exists: after a restart that entry may hang on the previous run's lease, which
                    // is about to expire
                    if (!same(r, current.get(r.id())) || !published.containsKey(r.id())) {
                        provider.register(r);
                        LOG.debug("Registered {} in {}", r.id(), type);
                    }
                }
                for (String id : current.keySet()) {
                    if (!desired.containsKey(id)) {
                        provider.deregister(id);
                        if (published.containsKey(id)) {
                            LOG.debug("Withdrew {} from {}", id, type); // its instance left the store or stopped
                        } else {
                            LOG.info("Removed stale registration {} from {}", id, type);
                        }
                    }
                }
                recovered(type);
            } catch (RuntimeException e) {
                failed(type, e);
                failed = true;
            }
        }
        for (String id : published.keySet()) {
            if (!desired.containsKey(id)) {
                withdrawn(id);
            }
        }
        published.clear();
        published.putAll(desired);
        // forgotten once the registries no longer announce them, so that a proxy never sees one without
        updateDirect(Map.of(), id -> !desiredDirect.containsKey(id));
        if (!failed) {
            announce();
        }
        if (failed) {
            retrySoon();
        }
    }

    /**
     * Withdraws every registration of instance {@code id} now, from the caller's point of view: the
     * sync thread does it and the caller waits for it, up to {@code wait}. The instance must be gone
     * from the store already (a removal), so no later pass publishes it again.
     *
     * <p>A full pass may have withdrawn it a moment before (it sees the instance leave the store):
     * the answer then says how long ago, so that the caller drains only for what remains.
     *
     * @return how long ago its registrations were withdrawn (zero: by this call); empty when it had
     *         none to withdraw lately, or the sync thread did not answer in time
     */
    public Optional<Duration> withdraw(String id, Duration wait) {
        java.util.concurrent.CompletableFuture<Optional<Duration>> done = new java.util.concurrent.CompletableFuture<>();
        submit(() -> {
            if (!replace(id, List.of(), Map.of(), active()).isEmpty()) {
                done.complete(Optional.of(Duration.ZERO));
                return;
            }
            long now = System.nanoTime();
            String prefix = id + ":";
            done.complete(withdrawnAt.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .map(e -> Duration.ofNanos(now - e.getValue())).min(Duration::compareTo));
        });
        try {
            return done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Remembers when a registration was withdrawn, for {@link #withdraw}; forgets what is older than a minute. */
    private void withdrawn(String registrationId) {
        long now = System.nanoTime();
        withdrawnAt.values().removeIf(at -> now - at > TimeUnit.MINUTES.toNanos(1));
        withdrawnAt.put(registrationId, now);
    }

    /** The event path: publishes or withdraws one instance at once. */
    private void onEvent(ContainerBackend backend, BackendEvent event) {
        List<DiscoveryProvider> providers = active();
        if (providers.isEmpty()) {
            return;
        }
        String id = event.instanceId();
        List<Registration> now = List.of();
        Map<String, Direct> nowDirect = new HashMap<>();
        if (event.type() == BackendEvent.Type.STARTED) {
            Optional<BackendInstance> o = backend.inspect(id);
            if (o.isPresent()) {
                now = registrationsOf(o.get(), context(), nowDirect);
            }
        }
        replace(id, now, nowDirect, providers);
    }

    /**
     * Makes the registrations of instance {@code id} exactly {@code now} in every provider.
     *
     * @return the registration ids withdrawn
     */
    private List<String> replace(String id, List<Registration> now, Map<String, Direct> nowDirect,
            List<DiscoveryProvider> providers) {
        String prefix = id + ":";
        List<String> gone = new ArrayList<>();
        for (String regId : published.keySet()) {
            if (regId.startsWith(prefix) && now.stream().noneMatch(r -> r.id().equals(regId))) {
                gone.add(regId);
            }
        }
        updateDirect(nowDirect, regId -> false);
        for (DiscoveryProvider provider : providers) {
            try {
                for (Registration r : now) {
                    provider.register(r);
                }
                for (String regId : gone) {
                    provider.deregister(regId);
                }
            } catch (RuntimeException e) {
                failed(provider.info().name(), e);
                retrySoon();
            }
        }
        gone.forEach(published::remove);
        gone.forEach(this::withdrawn);
        now.forEach(r -> published.put(r.id(), r));
        updateDirect(Map.of(), regId -> regId.startsWith(prefix) && !nowDirect.containsKey(regId));
        return gone;
    }

    /** Everything a pass reads from the store once. */
    private record Context(Map<String, Instance> instances, Map<String, Optional<ServiceSpec>> specs,
            List<ContainerService> services, List<ContainerCheck> checks, List<PublishedService> published) {
    }

    private Context context() {
        Map<String, Instance> instances = new HashMap<>();
        state.instancesOn(settings.node()).forEach(i -> instances.put(i.id(), i));
        return new Context(instances, new HashMap<>(), state.list(Keys.CONTAINER_SERVICES, ContainerService.class),
                state.list(Keys.CONTAINER_CHECKS, ContainerCheck.class),
                state.list(Keys.PUBLISHED, PublishedService.class));
    }

    /** The registrations of a running instance of this node; their own addresses go to {@code direct}. */
    private List<Registration> registrationsOf(BackendInstance o, Context c, Map<String, Direct> direct) {
        Instance i = c.instances().get(o.id());
        if (i == null || !o.state().running()) {
            return List.of();
        }
        Optional<ServiceSpec> spec = c.specs().computeIfAbsent(i.deployment() + "/" + i.service() + "/" + i.version(),
                k -> state.version(i.deployment(), i.service(), i.version()).map(ServiceVersion::spec));
        if (spec.isEmpty()) {
            return List.of();
        }
        Registrations.Running running = new Registrations.Running(i, spec.get(), o);
        List<Registration> out = Registrations.of(settings.node(), settings.nodeAddress(), running, c.services(),
                c.checks());
        direct.putAll(Registrations.direct(running, out));
        return out;
    }

    /**
     * Puts {@code now} into the own addresses and drops those {@code drop} selects. Listeners hear
     * only of what their watches will not: an address that changed, or appeared, for a registration
     * already announced. A new registration is announced after its address is known, and one is
     * dropped only after its registration was withdrawn, so either way the registry's event suffices.
     */
    private void updateDirect(Map<String, Direct> now, java.util.function.Predicate<String> drop) {
        boolean tell = false;
        for (var e : now.entrySet()) {
            Direct before = direct.put(e.getKey(), e.getValue());
            tell |= !e.getValue().equals(before) && (before != null || published.containsKey(e.getKey()));
        }
        direct.keySet().removeIf(drop);
        if (tell) {
            tellDirectListeners();
        }
    }

    /**
     * Tells listeners once per run that this node's registrations are back: after a restart the
     * registries may hold equal entries, whose watches say nothing new.
     */
    private void announce() {
        if (!directAnnounced) {
            directAnnounced = true;
            tellDirectListeners();
        }
    }

    @Override
    public boolean ready() {
        return directAnnounced;
    }

    private void tellDirectListeners() {
        for (Runnable listener : directListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A listener of instance addresses failed: {}", e.toString());
            }
        }
    }

    @Override
    public Optional<Direct> of(String registrationId) {
        return Optional.ofNullable(direct.get(registrationId));
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        directListeners.add(listener);
        return () -> directListeners.remove(listener);
    }

    /** Hands each provider the registries of its type when they or the provider changed. */
    private List<DiscoveryProvider> connect(List<Registry> registries) {
        Map<String, List<Registry>> byType = new HashMap<>();
        registries.forEach(r -> byType.computeIfAbsent(r.type(), k -> new ArrayList<>()).add(r));
        List<DiscoveryProvider> active = new ArrayList<>();
        for (DiscoveryProvider provider : registry.all(DiscoveryProvider.class)) {
            String type = provider.info().name();
            List<Registry> mine = byType.getOrDefault(type, List.of());
            Connected last = connected.get(type);
            if (last == null || last.provider() != provider || !last.registries().equals(mine)) {
                try {
                    provider.connect(mine);
                    connected.put(type, new Connected(provider, mine));
                } catch (RuntimeException e) {
                    failed(type, e);
                    continue;
                }
            }
            if (!mine.isEmpty()) {
                active.add(provider);
            }
        }
        connected.keySet().removeIf(type -> registry.find(DiscoveryProvider.class, type).isEmpty());
        return active;
    }

    private List<DiscoveryProvider> active() {
        List<DiscoveryProvider> out = new ArrayList<>();
        for (Connected c : connected.values()) {
            if (!c.registries().isEmpty()) {
                out.add(c.provider());
            }
        }
        return out;
    }

    private void subscribe() {
        List<ContainerBackend> present = registry.all(ContainerBackend.class);
        synchronized (subscriptions) {
            subscriptions.entrySet().removeIf(e -> {
                if (present.stream().anyMatch(b -> b == e.getKey())) {
                    return false;
                }
                Closeables.closeQuietly(e.getValue());
                return true;
            });
            for (ContainerBackend b : present) {
                if (!subscriptions.containsKey(b) && b.supports(ContainerBackend.CAP_EVENTS)) {
                    subscriptions.put(b, b.subscribe(event -> submit(() -> onEvent(b, event))));
                }
            }
        }
    }

    /** Equal for publishing purposes: what a registry stores, ignoring how a provider normalized it. */
    private static boolean same(Registration a, Registration b) {
        return b != null && a.name().equals(b.name()) && a.environment().equals(b.environment())
                && a.address().equals(b.address()) && a.hostPort() == b.hostPort() && a.port() == b.port()
                && a.proto().equals(b.proto()) && checkKeys(a).equals(checkKeys(b));
    }

    private static List<String> checkKeys(Registration r) {
        return r.checks().stream().map(c -> c.name() + " " + c.type() + " " + c.target()).sorted().toList();
    }

    private void failed(String type, RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!message.equals(lastFailure.put(type, message))) {
            LOG.warn("Discovery through {} failed: {}", type, message);
        }
    }

    private void recovered(String type) {
        if (lastFailure.remove(type) != null) {
            LOG.info("Discovery through {} works again", type);
        }
    }

    private synchronized void retrySoon() {
        if (closed || retry != null && !retry.isDone()) {
            return;
        }
        retry = scheduler.schedule(this::requestFull, 2, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (watch != null) {
                watch.close();
            }
            if (periodic != null) {
                periodic.cancel(false);
            }
            if (retry != null) {
                retry.cancel(false);
            }
            Closeables.closeQuietly(registryListener);
        }
        synchronized (subscriptions) {
            subscriptions.values().forEach(Closeables::closeQuietly);
            subscriptions.clear();
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
