package org.atoll.kernel.internal.reconcile;

import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.database.DatabaseService;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Runs this node's {@link Reconciler} for as long as the kernel is active. */
@Component(service = ReconcilerService.class, configurationPid = KernelConfig.PID, immediate = true)
public class ReconcilerComponent implements ReconcilerService {

    private final Reconciler reconciler;

    @Activate
    public ReconcilerComponent(KernelConfig config,
            @Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store,
            @Reference ProviderRegistry registry, @Reference NodeService nodes,
            @Reference(target = "(atoll.executor=kernel)") ScheduledExecutorService executor,
            @Reference DatabaseService databases) {
        Reconciler.Settings settings = new Reconciler.Settings(nodes.localName(), config.backend(),
                Duration.ofSeconds(Math.max(1, config.reconcile_interval_seconds())),
                Duration.ofSeconds(Math.max(1, config.reconcile_max_backoff_seconds())), Duration.ofSeconds(10),
                Paths.get(System.getProperty("karaf.data", "data"), "atoll", "volumes"), config.reconcile_parallelism());
        this.reconciler = new Reconciler(new StateRepository(store), registry, executor, settings, Clock.systemUTC(),
                databases::environment);
        reconciler.start();
    }

    @Deactivate
    void deactivate() {
        reconciler.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDrain(Drain drain) {
        reconciler.drainWith(drain);
    }

    void unbindDrain(Drain drain) {
        reconciler.drainWith(null);
    }

    @Override
    public void trigger() {
        reconciler.trigger();
    }

    @Override
    public List<InstanceReport> report() {
        return reconciler.report();
    }

    @Override
    public List<InstanceReport> report(java.util.Collection<String> ids) {
        return reconciler.report(ids);
    }
}
