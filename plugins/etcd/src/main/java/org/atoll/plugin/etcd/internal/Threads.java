package org.atoll.plugin.etcd.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * Every thread this bundle runs, bounded and daemon: jetcd's callback pool, a work pool for
 * hand-offs (watch deliveries, lease recovery, HTTP checks), a scheduler for checks and retries, and
 * one small Vert.x per jetcd client (jetcd closes the Vert.x it is given). jetcd's own defaults are
 * unbounded and outlive a bundle refresh, so nothing here is left to them.
 */
final class Threads implements AutoCloseable {

    private static final int WORK_QUEUE = 10_000;
    /** Providers of this bundle alive now; the last one to close stops the libraries' static pools. */
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final ThreadPoolExecutor client;
    private final ThreadPoolExecutor work;
    private final ScheduledThreadPoolExecutor scheduler;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    Threads() {
        LIVE.incrementAndGet();
        client = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                factory("atoll-etcd-client-"));
        client.allowCoreThreadTimeOut(true);
        work = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(WORK_QUEUE),
                factory("atoll-etcd-work-"));
        work.allowCoreThreadTimeOut(true);
        scheduler = new ScheduledThreadPoolExecutor(4, factory("atoll-etcd-sched-"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Where jetcd runs its callbacks and retries; never blocked on by this bundle. */
    ExecutorService client() {
        return client;
    }

    /** Hand-offs from jetcd and timers; tasks here may block at most a request timeout. */
    ExecutorService work() {
        return work;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** A Vert.x for one jetcd client: one event loop, no file cache, daemon threads. */
    static Vertx newVertx() {
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setUseDaemonThread(true)
                .setDisableTCCL(true)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false));
        return Vertx.vertx(options);
    }

    /** Stops every pool and waits (bounded) for their threads; then clears netty's thread locals. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        work.shutdownNow();
        client.shutdown();
        await(scheduler);
        await(work);
        await(client);
        if (LIVE.decrementAndGet() == 0) {
            Leftovers.release();
        }
        FastThreadLocal.removeAll();
    }

    private static void await(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    FastThreadLocal.removeAll();
                }
            }, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
