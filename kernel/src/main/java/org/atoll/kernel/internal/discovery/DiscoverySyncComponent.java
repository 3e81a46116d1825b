package org.atoll.kernel.internal.discovery;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Runs this node's {@link DiscoverySync} for as long as the kernel is active. */
@Component(service = DiscoverySyncComponent.class, configurationPid = KernelConfig.PID, immediate = true)
public class DiscoverySyncComponent {

    private final DiscoverySync sync;

    @Activate
    public DiscoverySyncComponent(KernelConfig config,
            @Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store,
            @Reference ProviderRegistry registry, @Reference NodeService nodes,
            @Reference(target = "(atoll.executor=kernel)") ScheduledExecutorService executor) {
        DiscoverySync.Settings settings = new DiscoverySync.Settings(nodes.localName(), config.node_address(),
                config.backend(), Duration.ofSeconds(Math.max(1, config.discovery_resync_seconds())));
        sync = new DiscoverySync(new StateRepository(store), registry, executor, settings);
        sync.start();
    }

    @Deactivate
    void deactivate() {
        sync.close();
    }
}
