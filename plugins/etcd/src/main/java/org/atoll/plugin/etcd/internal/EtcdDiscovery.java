package org.atoll.plugin.etcd.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.EndpointListener;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.RegistryServer;
import org.atoll.spi.discovery.ServiceHealth;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;

/**
 * The {@code etcd} discovery provider: registrations live under
 * {@code PREFIX/ENVIRONMENT/NAME/PORT/HOST-PORT/ID} as JSON, on one lease of this provider object.
 * All registries of type etcd are one cluster. Holds no state beyond what it published itself;
 * everything it reports comes from etcd.
 */
@Component(
        service = DiscoveryProvider.class,
        property = "atoll.provider=etcd",
        configurationPid = EtcdDiscovery.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EtcdConfig.class)
public final class EtcdDiscovery implements DiscoveryProvider {

    static final String PID = "org.atoll.discovery.etcd";
    static final String NAME = "etcd";

    private static final Logger LOG = LoggerFactory.getLogger(EtcdDiscovery.class);

    private final ProviderInfo info;
    private final Set<String> capabilities = Set.of(CAP_CHECKS, CAP_WATCH, CAP_DEPLOY);
    /** Why this provider cannot work at all (bad configuration); null when it can. */
    private final String unusable;
    private final Settings settings;
    private final Health health = new Health();
    private final Set<EndpointWatch> watches = new CopyOnWriteArraySet<>();
    private final Threads threads;
    private final Layout layout;
    private final Connector connector;
    private final Publisher publisher;
    private final Servers servers;

    @Activate
    public EtcdDiscovery(BundleContext context, EtcdConfig config) {
        this(context.getBundle().getVersion().toString(), Settings.from(config));
    }

    EtcdDiscovery(String version, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = new ProviderInfo(NAME, version, "etcd registries, keys under " + settings.prefix());
        if (!settings.valid()) {
            unusable = "invalid configuration " + PID + ": " + String.join("; ", settings.problems());
            LOG.warn("etcd discovery is DOWN: {}", unusable);
            threads = null;
            layout = null;
            connector = null;
            publisher = null;
            servers = null;
            return;
        }
        unusable = null;
        threads = new Threads();
        layout = new Layout(settings.prefix());
        connector = new Connector(settings, threads, health);
        publisher = new Publisher(connector, layout, settings, threads, health);
        servers = new Servers(settings, threads);
        connector.onChange(c -> watches.forEach(EndpointWatch::reconnect));
    }

    @Deactivate
    void close() {
        if (unusable != null) {
            return;
        }
        watches.forEach(EndpointWatch::close);
        watches.clear();
        publisher.close();
        connector.close();
        threads.close();
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public Set<String> capabilities() {
        return capabilities;
    }

    @Override
    public ProviderStatus status() {
        return unusable != null ? ProviderStatus.down(unusable) : health.status();
    }

    @Override
    public void connect(List<Registry> registries) {
        if (unusable == null) {
            connector.connect(registries == null ? List.of() : List.copyOf(registries));
        }
    }

    @Override
    public void register(Registration registration) {
        usable().publisher.register(registration);
    }

    @Override
    public void deregister(String registrationId) {
        usable().publisher.deregister(registrationId);
    }

    @Override
    public List<Endpoint> resolve(String name) {
        Objects.requireNonNull(name, "name");
        return usable().catalog().stream()
                .filter(h -> h.registration().name().equals(name) && h.healthy())
                .map(Layout::endpoint)
                .collect(Collectors.toList());
    }

    @Override
    public List<Registration> registrations() {
        return usable().catalog().stream().map(ServiceHealth::registration).collect(Collectors.toList());
    }

    @Override
    public List<ServiceHealth> catalog() {
        usable();
        List<KeyValue> kvs = connector.call("list " + layout.prefix(),
                cl -> cl.getKVClient().get(layout.root(), GetOption.builder().isPrefix(true).build())).getKvs();
        List<ServiceHealth> all = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) {
            layout.parse(Layout.string(kv.getKey()), Layout.string(kv.getValue())).ifPresent(all::add);
        }
        return all;
    }

    @Override
    public AutoCloseable watch(String name, EndpointListener listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listener, "listener");
        usable();
        EndpointWatch w = new EndpointWatch(name, listener, connector, layout, threads);
        watches.add(w);
        w.start();
        return () -> {
            watches.remove(w);
            w.close();
        };
    }

    @Override
    public RegistryServer prepareServer(Registry registry, List<Registry> members) {
        return usable().servers.prepare(registry, members);
    }

    @Override
    public void retireServer(Registry registry, List<Registry> remaining) {
        usable().servers.retire(registry, remaining);
    }

    private EtcdDiscovery usable() {
        if (unusable != null) {
            throw new ProviderException("the etcd discovery provider cannot work: " + unusable, false);
        }
        return this;
    }
}
