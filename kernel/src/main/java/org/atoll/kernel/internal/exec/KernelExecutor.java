package org.atoll.kernel.internal.exec;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel-owned scheduler that runs all background work: store maintenance, heartbeats,
 * reconciliation. Registered as a {@link ScheduledExecutorService} with {@code atoll.executor=kernel}
 * so plugins can run their periodic work on it instead of starting threads of their own.
 * Its threads are named {@code atoll-N} and are daemons; deactivation waits up to 10 s for running
 * tasks.
 */
@Component(service = ScheduledExecutorService.class, property = "atoll.executor=kernel", immediate = true)
public class KernelExecutor extends ScheduledThreadPoolExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(KernelExecutor.class);

    public KernelExecutor() {
        super(Math.max(2, Runtime.getRuntime().availableProcessors()), KernelThreads.named("atoll"));
        setRemoveOnCancelPolicy(true);
        setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Activate
    void activate() {
        LOG.debug("Kernel executor started with {} threads", getCorePoolSize());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        shutdown();
        if (!awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Kernel tasks still running after 10 s; interrupting them");
            shutdownNow();
        }
    }
}
