package org.atoll.kernel.internal.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.atoll.spi.Provider;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.database.DatabaseProvisioner;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.ha.VipProvider;
import org.atoll.spi.routing.Router;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.volume.VolumeStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks providers with dynamic, greedy, multiple references: installing, updating or removing a
 * plugin bundle binds and unbinds here without re-activating this component or anything that
 * depends on it. Providers without an {@value Provider#PROPERTY} property are ignored with a warning.
 */
@Component(service = {}, immediate = true)
public class ProviderRegistryImpl implements ProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistryImpl.class);

    private final Map<ExtensionPoint, Map<Long, ProviderEntry>> entries = new EnumMap<>(ExtensionPoint.class);

    public ProviderRegistryImpl() {
        for (ExtensionPoint p : ExtensionPoint.values()) {
            entries.put(p, new ConcurrentHashMap<>());
        }
    }

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private ServiceRegistration<ProviderRegistry> registration;

    /**
     * Registers the registry itself, with its activation time as a service property, so that anyone
     * can tell a rebind (same registration) from a re-activation (new registration, new time).
     */
    @Activate
    void activate(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ACTIVATED, System.currentTimeMillis());
        registration = context.registerService(ProviderRegistry.class, this, props);
        LOG.info("Atoll provider registry active");
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    void bind(ExtensionPoint point, Provider provider, ServiceReference<?> ref) {
        Object name = ref.getProperty(Provider.PROPERTY);
        if (!(name instanceof String s) || s.isEmpty()) {
            LOG.warn("Ignoring {} from bundle {}: it has no {} service property", point.label(),
                    ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName(), Provider.PROPERTY);
            return;
        }
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        String bundle = ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
        entries.get(point).put(id, new ProviderEntry(point, s, provider, bundle, id));
        LOG.info("Bound {} provider {} from {}", point.label(), s, bundle);
        changed();
    }

    void unbind(ExtensionPoint point, ServiceReference<?> ref) {
        ProviderEntry gone = entries.get(point).remove((Long) ref.getProperty(Constants.SERVICE_ID));
        if (gone != null) {
            LOG.info("Unbound {} provider {}", point.label(), gone.name());
            changed();
        }
    }

    private void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("Provider change listener failed", e);
            }
        }
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<ProviderEntry> entries(ExtensionPoint point) {
        List<ProviderEntry> list = new ArrayList<>(entries.get(point).values());
        list.sort(Comparator.comparing(ProviderEntry::name).thenComparingLong(ProviderEntry::serviceId));
        return list;
    }

    @Override
    public <T extends Provider> List<T> all(Class<T> spi) {
        return entries(ExtensionPoint.of(spi)).stream().map(e -> spi.cast(e.provider())).toList();
    }

    @Override
    public <T extends Provider> Optional<T> find(Class<T> spi, String name) {
        return entries(ExtensionPoint.of(spi)).stream().filter(e -> e.name().equals(name)).findFirst()
                .map(e -> spi.cast(e.provider()));
    }

    @Override
    public <T extends Provider> T require(Class<T> spi, String name, String... capabilities) {
        ExtensionPoint point = ExtensionPoint.of(spi);
        T provider = find(spi, name).orElseThrow(() -> new MissingProviderException("no " + point.label()
                + " provider '" + name + "' is installed" + installHint(name) + "; installed: "
                + names(point)));
        for (String capability : capabilities) {
            if (!provider.supports(capability)) {
                throw new MissingProviderException(point.label() + " provider '" + name + "' does not support '"
                        + capability + "' (it supports " + provider.capabilities() + ")");
            }
        }
        return provider;
    }

    private static String installHint(String name) {
        return " (feature:install atoll-" + name + ")";
    }

    private String names(ExtensionPoint point) {
        List<String> names = entries(point).stream().map(ProviderEntry::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    // One reference per extension point. DYNAMIC + GREEDY + MULTIPLE: bind/unbind in place.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBackend(ContainerBackend p, ServiceReference<ContainerBackend> ref) {
        bind(ExtensionPoint.BACKEND, p, ref);
    }

    void unbindBackend(ServiceReference<ContainerBackend> ref) {
        unbind(ExtensionPoint.BACKEND, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(StateStore p, ServiceReference<StateStore> ref) {
        bind(ExtensionPoint.STORE, p, ref);
    }

    void unbindStore(ServiceReference<StateStore> ref) {
        unbind(ExtensionPoint.STORE, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDiscovery(DiscoveryProvider p, ServiceReference<DiscoveryProvider> ref) {
        bind(ExtensionPoint.DISCOVERY, p, ref);
    }

    void unbindDiscovery(ServiceReference<DiscoveryProvider> ref) {
        unbind(ExtensionPoint.DISCOVERY, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRouter(Router p, ServiceReference<Router> ref) {
        bind(ExtensionPoint.ROUTING, p, ref);
    }

    void unbindRouter(ServiceReference<Router> ref) {
        unbind(ExtensionPoint.ROUTING, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDatabase(DatabaseProvisioner p, ServiceReference<DatabaseProvisioner> ref) {
        bind(ExtensionPoint.DATABASE, p, ref);
    }

    void unbindDatabase(ServiceReference<DatabaseProvisioner> ref) {
        unbind(ExtensionPoint.DATABASE, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindVip(VipProvider p, ServiceReference<VipProvider> ref) {
        bind(ExtensionPoint.HA, p, ref);
    }

    void unbindVip(ServiceReference<VipProvider> ref) {
        unbind(ExtensionPoint.HA, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindScheduler(PlacementStrategy p, ServiceReference<PlacementStrategy> ref) {
        bind(ExtensionPoint.SCHEDULER, p, ref);
    }

    void unbindScheduler(ServiceReference<PlacementStrategy> ref) {
        unbind(ExtensionPoint.SCHEDULER, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindVolume(VolumeStore p, ServiceReference<VolumeStore> ref) {
        bind(ExtensionPoint.VOLUME, p, ref);
    }

    void unbindVolume(ServiceReference<VolumeStore> ref) {
        unbind(ExtensionPoint.VOLUME, ref);
    }
}
