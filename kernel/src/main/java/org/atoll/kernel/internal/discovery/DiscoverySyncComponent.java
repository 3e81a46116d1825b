package org.atoll.kernel.internal.discovery;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.reconcile.Drain;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Runs this node's {@link DiscoverySync} for as long as the kernel is active. */
@Component(service = {DiscoverySyncComponent.class, Drain.class, DirectAddresses.class},
        configurationPid = KernelConfig.PID, immediate = true)
public class DiscoverySyncComponent implements Drain, DirectAddresses {

    private final DiscoverySync sync;
    private final Duration drain;

    @Activate
    public DiscoverySyncComponent(KernelConfig config,
            @Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store,
            @Reference ProviderRegistry registry, @Reference NodeService nodes,
            @Reference(target = "(atoll.executor=kernel)") ScheduledExecutorService executor) {
        DiscoverySync.Settings settings = new DiscoverySync.Settings(nodes.localName(), config.node_address(),
                config.backend(), Duration.ofSeconds(Math.max(1, config.discovery_resync_seconds())));
        sync = new DiscoverySync(new StateRepository(store), registry, executor, settings);
        drain = Duration.ofMillis(Math.max(0, config.discovery_drain_millis()));
        sync.start();
    }

    @Deactivate
    void deactivate() {
        sync.close();
    }

    @Override
    public java.util.Optional<Direct> of(String registrationId) {
        return sync.of(registrationId);
    }

    @Override
    public boolean ready() {
        return sync.ready();
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        return sync.onChange(listener);
    }

    @Override
    public Duration beforeStop(String id) {
        // what a full pass withdrew a moment ago still needs the rest of its drain
        return sync.withdraw(id, Duration.ofSeconds(2)).map(since -> drain.minus(since))
                .filter(left -> !left.isNegative()).orElse(Duration.ZERO);
    }
}
