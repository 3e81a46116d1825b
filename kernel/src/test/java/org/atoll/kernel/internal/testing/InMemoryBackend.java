package org.atoll.kernel.internal.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.backend.BackendEvent;
import org.atoll.spi.backend.BackendEventListener;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceSpec;
import org.atoll.spi.backend.InstanceState;

/**
 * A test double of the ContainerBackend SPI that keeps instances in memory. It exercises the
 * kernel's planning and reconciling logic; real backends are tested against their real daemons.
 * Counts every operation per instance and can be told to fail the next N calls of an operation.
 */
public final class InMemoryBackend implements ContainerBackend {

    private final String name;
    private final Set<String> capabilities;
    private final Map<String, BackendInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, InstanceSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final List<BackendEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger creating = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile long createMillis;

    public InMemoryBackend(String name, Set<String> capabilities) {
        this.name = name;
        this.capabilities = Set.copyOf(capabilities);
    }

    public InMemoryBackend() {
        this("docker", Set.of(CAP_PORTS, CAP_VOLUMES, CAP_RESOURCE_LIMITS, CAP_EVENTS));
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo(name, "test", "in-memory test backend");
    }

    @Override
    public Set<String> capabilities() {
        return capabilities;
    }

    /** Makes the next {@code times} calls of {@code op} ("create", "start", …) fail, retryably. */
    public void failNext(String op, int times) {
        failures.computeIfAbsent(op, k -> new AtomicInteger()).set(times);
    }

    /** Makes every create take this long, so that overlapping creates can be seen. */
    public void slowCreates(long millis) {
        createMillis = millis;
    }

    /** The most creates that were in progress at the same time. */
    public int mostConcurrentCreates() {
        return mostAtOnce.get();
    }

    public int calls(String op, String id) {
        AtomicInteger n = calls.get(op + ":" + id);
        return n == null ? 0 : n.get();
    }

    public int calls(String op) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(op + ":")).mapToInt(e -> e.getValue().get()).sum();
    }

    private void call(String op, String id) {
        calls.computeIfAbsent(op + ":" + id, k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger f = failures.get(op);
        if (f != null && f.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ProviderException(op + " of " + id + " failed (injected)", true);
        }
    }

    /** Puts an instance in a state as if something outside had changed it (a crash, an OOM kill). */
    public void force(String id, InstanceState state, String message) {
        instances.computeIfPresent(id, (k, i) -> new BackendInstance(i.id(), i.node(), i.ref(), state, i.image(),
                i.address(), i.ports(), i.startedAt(), message));
        if (state == InstanceState.EXITED || state == InstanceState.DEAD) {
            listeners.forEach(l -> l.onEvent(new BackendEvent(BackendEvent.Type.DIED, id, Instant.now(), 137)));
        }
    }

    public Optional<InstanceSpec> spec(String id) {
        return Optional.ofNullable(specs.get(id));
    }

    public List<String> running() {
        List<String> out = new ArrayList<>();
        instances.values().stream().filter(i -> i.state() == InstanceState.RUNNING).forEach(i -> out.add(i.id()));
        out.sort(null);
        return out;
    }

    @Override
    public void ensureImage(String image) {
        call("ensureImage", image);
    }

    @Override
    public BackendInstance create(InstanceSpec spec) {
        call("create", spec.id());
        mostAtOnce.accumulateAndGet(creating.incrementAndGet(), Math::max);
        try {
            if (createMillis > 0) {
                Thread.sleep(createMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            creating.decrementAndGet();
        }
        specs.putIfAbsent(spec.id(), spec);
        return instances.computeIfAbsent(spec.id(), id -> new BackendInstance(id, spec.labels().get("atoll.node"),
                "mem-" + id, InstanceState.CREATED, spec.image(), "10.1.0." + (instances.size() + 2), fixedPorts(spec),
                null, ""));
    }

    /** The host ports a spec fixes, published as given (the engine's own choice of port is not modelled). */
    private static Map<Integer, Integer> fixedPorts(InstanceSpec spec) {
        Map<Integer, Integer> out = new java.util.HashMap<>();
        spec.ports().stream().filter(p -> p.host() != null).forEach(p -> out.put(p.container(), p.host()));
        return Map.copyOf(out);
    }

    @Override
    public void start(String id) {
        call("start", id);
        BackendInstance i = instances.get(id);
        if (i == null) {
            throw new ProviderException("no instance " + id, false);
        }
        if (i.state() != InstanceState.RUNNING) {
            instances.put(id, new BackendInstance(id, i.node(), i.ref(), InstanceState.RUNNING, i.image(), i.address(),
                    i.ports(), Instant.now(), ""));
            listeners.forEach(l -> l.onEvent(new BackendEvent(BackendEvent.Type.STARTED, id, Instant.now(), 0)));
        }
    }

    @Override
    public void stop(String id, Duration grace) {
        call("stop", id);
        instances.computeIfPresent(id, (k, i) -> new BackendInstance(i.id(), i.node(), i.ref(), InstanceState.EXITED,
                i.image(), i.address(), i.ports(), i.startedAt(), ""));
    }

    @Override
    public void remove(String id) {
        call("remove", id);
        if (instances.remove(id) != null) {
            listeners.forEach(l -> l.onEvent(new BackendEvent(BackendEvent.Type.REMOVED, id, Instant.now(), 0)));
        }
        specs.remove(id);
    }

    @Override
    public Optional<BackendInstance> inspect(String id) {
        return Optional.ofNullable(instances.get(id));
    }

    @Override
    public List<BackendInstance> list() {
        call("list", "");
        return List.copyOf(instances.values());
    }

    @Override
    public AutoCloseable subscribe(BackendEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<BackendInstance> recover() {
        call("recover", "");
        return list();
    }
}
