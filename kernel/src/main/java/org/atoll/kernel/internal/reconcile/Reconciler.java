package org.atoll.kernel.internal.reconcile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.atoll.api.model.Deployment;
import org.atoll.api.model.Instance;
import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.ServiceVersion;
import org.atoll.kernel.internal.plan.Plan;
import org.atoll.kernel.internal.plan.Planner;
import org.atoll.kernel.internal.exec.Closeables;
import org.atoll.kernel.internal.exec.KernelThreads;
import org.atoll.kernel.internal.plan.Step;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.state.ChangeWatch;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.ProviderException;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node's backends run exactly the instances the store places on this node.
 *
 * <p>Level-triggered: every pass reads the whole desired state for the node and what each backend
 * reports, plans, and executes. Nothing is remembered between passes but failure backoffs, so the
 * kernel may be killed at any instant and the next pass after a restart carries on from what is
 * there: instance ids are deterministic and backend operations idempotent, so nothing is created
 * twice and nothing running is restarted. Passes are triggered by store changes, backend events,
 * plugin changes, due retries and a periodic resync; triggers that arrive during a pass coalesce
 * into one more pass. Passes run one at a time on a thread of their own ({@code atoll-reconcile}),
 * because a pass blocks on slow daemons: on the shared kernel scheduler it would starve the
 * heartbeats and store maintenance that must run on time.
 */
public final class Reconciler implements ReconcilerService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /**
     * @param node           this node's name
     * @param defaultBackend the backend instances run on
     * @param resync         the period of passes when nothing happens
     * @param maxBackoff     the longest wait before retrying a failed step
     * @param stopGrace      how long a removed instance may take to stop before it is killed
     * @param volumeRoot     where named volumes live on this node when no volume store manages them
     * @param parallelism    how many steps of one stage run at once
     */
    public record Settings(String node, String defaultBackend, Duration resync, Duration maxBackoff,
            Duration stopGrace, Path volumeRoot, int parallelism) {
        public Settings {
            parallelism = Math.max(1, parallelism);
        }
    }

    private final StateRepository state;
    private final ProviderRegistry registry;
    private final ScheduledExecutorService executor;
    private final Settings settings;
    private final Clock clock;
    private final Backoff backoff;
    private final ExecutorService stepPool;
    private final ExecutorService passThread;
    private final java.util.function.Function<String, Map<String, String>> databaseEnv;

    private final AtomicBoolean queued = new AtomicBoolean();
    private final Object passLock = new Object();
    private final Map<ContainerBackend, AutoCloseable> attached = new IdentityHashMap<>();
    private final Map<String, BackendInstance> lastSeen = new ConcurrentHashMap<>();
    /** The instances the current pass makes this node run; link targets are found among them. */
    private volatile List<Instance> passDesired = List.of();
    private volatile boolean closed;
    private volatile Drain drain = Drain.NONE;
    private ChangeWatch watch;
    private ScheduledFuture<?> resync;
    private ScheduledFuture<?> retry;
    private AutoCloseable registryListener;

    public Reconciler(StateRepository state, ProviderRegistry registry, ScheduledExecutorService executor,
            Settings settings, Clock clock) {
        this(state, registry, executor, settings, clock, null);
    }

    /**
     * @param databaseEnv the variables of an instance whose service uses the named database (they hold
     *                    its password); null when databases are not available
     */
    public Reconciler(StateRepository state, ProviderRegistry registry, ScheduledExecutorService executor,
            Settings settings, Clock clock, java.util.function.Function<String, Map<String, String>> databaseEnv) {
        this.databaseEnv = databaseEnv;
        this.state = state;
        this.registry = registry;
        this.executor = executor;
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(settings.maxBackoff());
        this.stepPool = Executors.newFixedThreadPool(settings.parallelism(), KernelThreads.named("atoll-step"));
        this.passThread = Executors.newSingleThreadExecutor(KernelThreads.named("atoll-reconcile"));
    }

    public synchronized void start() {
        watch = ChangeWatch.start(state.store(), executor, List.of(), this::trigger);
        registryListener = registry.onChange(this::trigger);
        long period = settings.resync().toMillis();
        resync = executor.scheduleWithFixedDelay(this::trigger, period, period, TimeUnit.MILLISECONDS);
        trigger();
    }

    /** Asks for a pass soon; never blocks. */
    @Override
    public void trigger() {
        if (!closed && queued.compareAndSet(false, true)) {
            try {
                passThread.execute(this::pass);
            } catch (RuntimeException rejected) {
                queued.set(false);
            }
        }
    }

    void pass() {
        queued.set(false);
        if (closed) {
            return;
        }
        synchronized (passLock) {
            try {
                reconcile();
            } catch (RuntimeException e) {
                LOG.warn("Reconcile pass failed: {}", e.toString());
                scheduleRetry(Instant.now(clock).plusSeconds(1));
            }
        }
    }

    private void reconcile() {
        Instant now = Instant.now(clock);
        List<Instance> desired = state.instancesOn(settings.node());
        passDesired = desired;
        Map<String, List<Instance>> byBackend = new LinkedHashMap<>();
        for (Instance i : desired) {
            byBackend.computeIfAbsent(settings.defaultBackend(), k -> new ArrayList<>()).add(i);
        }
        for (ContainerBackend b : registry.all(ContainerBackend.class)) {
            byBackend.putIfAbsent(b.info().name(), new ArrayList<>());
        }
        detachGone();

        Set<String> keys = new HashSet<>();
        Map<String, Optional<ServiceSpec>> specs = new HashMap<>();
        Map<String, Deployment> deployments = new ConcurrentHashMap<>();
        for (Map.Entry<String, List<Instance>> e : byBackend.entrySet()) {
            String name = e.getKey();
            Optional<ContainerBackend> found = registry.find(ContainerBackend.class, name);
            if (found.isEmpty()) {
                for (Instance i : e.getValue()) {
                    String key = "run:" + i.id();
                    keys.add(key);
                    if (backoff.get(key).isEmpty()) {
                        fail(key, new ProviderException("no container backend '" + name
                                + "' is installed (feature:install atoll-" + name + ")", true), now);
                    }
                }
                continue;
            }
            ContainerBackend backend = found.get();
            List<BackendInstance> observed;
            try {
                attach(backend);
                observed = backend.list();
            } catch (RuntimeException ex) {
                String key = "list:" + name;
                keys.add(key);
                fail(key, ex, now);
                continue;
            }
            observed.forEach(o -> lastSeen.put(o.id(), o));
            List<Instance> runnable = new ArrayList<>();
            for (Instance i : e.getValue()) {
                Optional<ServiceSpec> spec = specs.computeIfAbsent(i.deployment() + "/" + i.service() + "/" + i.version(),
                        k -> state.version(i.deployment(), i.service(), i.version()).map(ServiceVersion::spec));
                if (spec.isPresent()) {
                    runnable.add(i);
                } else {
                    LOG.warn("Instance {} has no stored version {}; skipping it", i.id(), i.version());
                }
            }
            Plan plan = Planner.plan(name, settings.node(), runnable, observed,
                    i -> specs.get(i.deployment() + "/" + i.service() + "/" + i.version()).orElseThrow());
            Map<String, Instance> byId = new HashMap<>();
            runnable.forEach(i -> byId.put(i.id(), i));
            Map<Integer, List<Step>> stages = new TreeMap<>();
            plan.steps().forEach(step -> stages.computeIfAbsent(step.stage(), k -> new ArrayList<>()).add(step));
            for (List<Step> stage : stages.values()) {
                List<Future<?>> running = new ArrayList<>();
                for (Step step : stage) {
                    String key = (step.action() == Step.Action.REMOVE ? "remove:" : "run:") + step.target();
                    keys.add(key);
                    if (!backoff.due(key, now)) {
                        continue;
                    }
                    running.add(stepPool.submit(() -> {
                        try {
                            execute(step, backend, byId.get(step.target()), specs, deployments);
                            backoff.succeeded(key);
                        } catch (RuntimeException ex) {
                            fail(key, ex, now);
                        }
                    }));
                }
                awaitAll(running);
            }
        }
        backoff.retainOnly(keys);
        Set<String> desiredIds = new HashSet<>();
        desired.forEach(i -> desiredIds.add(i.id()));
        lastSeen.keySet().retainAll(desiredIds);
        backoff.nextDue().ifPresent(this::scheduleRetry);
    }

    private static void awaitAll(List<Future<?>> running) {
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                LOG.warn("Step failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void execute(Step step, ContainerBackend backend, Instance instance,
            Map<String, Optional<ServiceSpec>> specs, Map<String, Deployment> deployments) {
        switch (step.action()) {
            case REMOVE -> {
                drainBeforeStop(step.target());
                backend.stop(step.target(), settings.stopGrace());
                backend.remove(step.target());
                lastSeen.remove(step.target());
                LOG.info("Removed {} from {}", step.target(), settings.node());
            }
            case START -> {
                backend.start(step.target());
                backend.inspect(step.target()).ifPresent(o -> lastSeen.put(o.id(), o));
                LOG.info("Started {} on {}", step.target(), settings.node());
            }
            case RECREATE, RUN -> {
                ServiceSpec spec = specs.get(instance.deployment() + "/" + instance.service() + "/" + instance.version())
                        .orElseThrow();
                for (String capability : Planner.requiredCapabilities(spec)) {
                    if (!backend.supports(capability)) {
                        throw new ProviderException("backend '" + backend.info().name() + "' cannot run "
                                + instance.id() + ": it does not support " + capability, false);
                    }
                }
                Deployment deployment = deployments.computeIfAbsent(instance.deployment(),
                        d -> state.deployment(d).orElse(new Deployment(d, "", Map.of(), null)));
                if (step.action() == Step.Action.RECREATE) {
                    backend.remove(instance.id());
                }
                backend.ensureImage(spec.image());
                backend.create(specFor(instance, spec, deployment));
                backend.start(instance.id());
                backend.inspect(instance.id()).ifPresent(o -> lastSeen.put(o.id(), o));
                LOG.info("Running {} on {}", instance.id(), settings.node());
            }
            default -> throw new IllegalStateException(step.action().name());
        }
    }

    /** Sets what runs before an instance is stopped for good (withdrawal from discovery); null = nothing. */
    public void drainWith(Drain value) {
        drain = value == null ? Drain.NONE : value;
    }

    private void drainBeforeStop(String id) {
        Duration wait;
        try {
            wait = drain.beforeStop(id);
        } catch (RuntimeException e) {
            LOG.warn("Withdrawing {} before it stops failed: {}", id, e.getMessage());
            return;
        }
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    InstanceSpec specFor(Instance i, ServiceSpec spec, Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>(deployment.env());
        env.putAll(spec.env());
        env.put("ATOLL_DEPLOYMENT", i.deployment());
        env.put("ATOLL_SERVICE", i.service());
        env.put("ATOLL_VERSION", Integer.toString(i.version()));
        env.put("ATOLL_INSTANCE", i.id());
        env.put("ATOLL_NODE", settings.node());
        if (spec.database() != null) {
            if (databaseEnv == null) {
                throw new ProviderException(i.id() + " needs a database, and databases are not available", false);
            }
            env.putAll(databaseEnv.apply(org.atoll.kernel.internal.database.DatabaseService.nameOf(i.deployment(),
                    spec.database())));
        }
        for (LinkSpec link : spec.links()) {
            BackendInstance target = linkTarget(i.deployment(), link.service());
            String prefix = link.alias() != null ? link.alias()
                    : link.service().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            env.put(prefix + "_HOST", target.address());
            env.put(prefix + "_PORT", Integer.toString(link.port()));
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map.Entry<String, String> v : spec.volumes().entrySet()) {
            Path host = settings.volumeRoot().resolve(i.deployment()).resolve(i.service()).resolve(v.getKey());
            try {
                Files.createDirectories(host);
            } catch (IOException e) {
                throw new ProviderException("cannot create volume directory " + host + ": " + e.getMessage(), true, e);
            }
            mounts.put(host.toString(), v.getValue());
        }
        return new InstanceSpec(i.id(), i.deployment(), i.service(), i.version(), spec.image(), spec.cmd(), env,
                spec.ports(), mounts, spec.resources(), Map.of("atoll.node", settings.node()), spec.network());
    }

    /** A running instance of the linked service on this node, the lowest ordinal first. */
    private BackendInstance linkTarget(String deployment, String service) {
        return passDesired.stream()
                .filter(t -> t.deployment().equals(deployment) && t.service().equals(service))
                .sorted(java.util.Comparator.comparingInt(Instance::version).reversed()
                        .thenComparingInt(Instance::ordinal))
                .map(t -> lastSeen.get(t.id()))
                .filter(o -> o != null && o.state().running() && o.address() != null && !o.address().isEmpty())
                .findFirst()
                .orElseThrow(() -> new ProviderException("waiting for linked service " + service
                        + " to run on " + settings.node(), true));
    }

    private void fail(String key, RuntimeException e, Instant now) {
        boolean retryable = !(e instanceof ProviderException pe) || pe.retryable();
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (backoff.failed(key, message, retryable, now)) {
            LOG.warn("{} failed: {}", key, message);
        }
    }

    private synchronized void scheduleRetry(Instant when) {
        if (closed) {
            return;
        }
        if (retry != null && !retry.isDone()) {
            retry.cancel(false);
        }
        long delay = Math.max(0, Duration.between(Instant.now(clock), when).toMillis());
        retry = executor.schedule(this::trigger, delay, TimeUnit.MILLISECONDS);
    }

    /** Re-attaches to a backend seen for the first time (after a restart or a plugin update). */
    private void attach(ContainerBackend backend) {
        synchronized (attached) {
            if (attached.containsKey(backend)) {
                return;
            }
            List<BackendInstance> recovered = backend.recover();
            LOG.info("Backend {} recovered {} instance(s)", backend.info().name(), recovered.size());
            AutoCloseable subscription = () -> {
            };
            if (backend.supports(ContainerBackend.CAP_EVENTS)) {
                subscription = backend.subscribe(event -> trigger());
            }
            attached.put(backend, subscription);
        }
    }

    private void detachGone() {
        Set<ContainerBackend> present = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        present.addAll(registry.all(ContainerBackend.class));
        synchronized (attached) {
            attached.entrySet().removeIf(e -> {
                if (present.contains(e.getKey())) {
                    return false;
                }
                Closeables.closeQuietly(e.getValue());
                return true;
            });
        }
    }

    /** What the last pass saw of each desired instance of this node, and the last failure. */
    @Override
    public List<InstanceReport> report() {
        return report(state.instancesOn(settings.node()).stream().map(Instance::id).toList());
    }

    /** The same for the given instances only, from memory: cheap enough to poll. */
    @Override
    public List<InstanceReport> report(java.util.Collection<String> ids) {
        List<InstanceReport> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Optional<Backoff.Failure> f = backoff.get("run:" + id);
            out.add(new InstanceReport(id, lastSeen.get(id), f.map(Backoff.Failure::message).orElse(""),
                    f.map(Backoff.Failure::attempts).orElse(0), f.map(Backoff.Failure::retryable).orElse(true)));
        }
        return out;
    }

    /**
     * Stops the reconciler and waits for a running pass to end. It holds no lock of its own while it
     * waits: a pass takes this object's lock to schedule a retry, and the two must not wait on each other.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (watch != null) {
                watch.close();
            }
            if (resync != null) {
                resync.cancel(false);
            }
            if (retry != null) {
                retry.cancel(false);
            }
            Closeables.closeQuietly(registryListener);
        }
        synchronized (attached) {
            attached.values().forEach(Closeables::closeQuietly);
            attached.clear();
        }
        synchronized (passLock) {
            // entered once a running pass has finished; the pass that may follow sees closed and returns
            LOG.debug("Reconciler of {} closed", settings.node());
        }
        passThread.shutdown();
        stepPool.shutdownNow();
    }

}
