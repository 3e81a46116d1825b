package org.atoll.kernel.internal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.EndpointListener;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.RegistryServer;
import org.atoll.spi.discovery.ServiceHealth;

/**
 * A discovery provider that keeps registrations in memory, for the kernel's own logic (what is
 * published when); the etcd and Consul plugins are tested against their registries.
 */
public final class InMemoryRegistryProvider implements DiscoveryProvider {

    private final String name;
    private final Map<String, Registration> entries = new ConcurrentHashMap<>();
    public final List<List<Registry>> connects = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile List<Registry> registries = List.of();
    private volatile boolean down;
    private final Map<String, List<EndpointListener>> watchers = new ConcurrentHashMap<>();

    public InMemoryRegistryProvider(String name) {
        this.name = name;
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo(name, "test", "in-memory registry");
    }

    @Override
    public Set<String> capabilities() {
        return Set.of(CAP_DEPLOY);
    }

    public void down(boolean value) {
        down = value;
    }

    /** Puts an entry as if another run of the kernel (or another node) had published it. */
    public void seed(Registration r) {
        entries.put(r.id(), r);
        notify(r.name());
    }

    /** Removes an entry as a lease expiry would, telling watchers. */
    public void drop(String id) {
        Registration r = entries.remove(id);
        if (r != null) {
            notify(r.name());
        }
    }

    private void notify(String service) {
        List<EndpointListener> ls = watchers.getOrDefault(service, List.of());
        if (!ls.isEmpty()) {
            List<Endpoint> now = endpoints(service);
            ls.forEach(l -> l.onEndpoints(service, now));
        }
    }

    @Override
    public AutoCloseable watch(String service, EndpointListener listener) {
        usable();
        watchers.computeIfAbsent(service, k -> new CopyOnWriteArrayList<>()).add(listener);
        listener.onEndpoints(service, endpoints(service));
        return () -> watchers.getOrDefault(service, new CopyOnWriteArrayList<>()).remove(listener);
    }

    public Map<String, Registration> entries() {
        return Map.copyOf(entries);
    }

    private void usable() {
        if (down || registries.isEmpty()) {
            throw new ProviderException("no " + name + " registry reachable", true);
        }
    }

    @Override
    public void connect(List<Registry> list) {
        registries = List.copyOf(list);
        connects.add(registries);
    }

    @Override
    public void register(Registration registration) {
        usable();
        calls.add("register " + registration.id());
        entries.put(registration.id(), registration);
        notify(registration.name());
    }

    @Override
    public void deregister(String registrationId) {
        usable();
        calls.add("deregister " + registrationId);
        Registration gone = entries.remove(registrationId);
        if (gone != null) {
            notify(gone.name());
        }
    }

    @Override
    public List<Endpoint> resolve(String service) {
        usable();
        return endpoints(service);
    }

    private List<Endpoint> endpoints(String service) {
        List<Endpoint> out = new ArrayList<>();
        entries.values().stream().filter(r -> r.name().equals(service))
                .forEach(r -> out.add(new Endpoint(r.id(), r.address(), r.hostPort(), true, r.environment())));
        return out;
    }

    @Override
    public List<Registration> registrations() {
        usable();
        return List.copyOf(entries.values());
    }

    @Override
    public List<ServiceHealth> catalog() {
        usable();
        return entries.values().stream().map(r -> new ServiceHealth(r, List.of())).toList();
    }

    @Override
    public RegistryServer prepareServer(Registry registry, List<Registry> members) {
        calls.add("prepare " + registry.name() + " " + members.stream().map(Registry::name).toList());
        return new RegistryServer("test/registry:1", List.of("serve", "--listen", registry.address()), Map.of(), "host",
                Map.of("data", "/data"));
    }

    @Override
    public void retireServer(Registry registry, List<Registry> remaining) {
        calls.add("retire " + registry.name() + " " + remaining.stream().map(Registry::name).toList());
    }
}
