package org.atoll.kernel.internal.exec;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A level-triggered loop on its own thread: {@link #trigger} asks for a pass, and triggers that come
 * while one is queued fold into it; a periodic trigger and one pending retry at a time (a retry per
 * failed pass would multiply with every trigger) come on the kernel's scheduler.
 */
public final class TriggeredLoop implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final Runnable pass;
    private final ExecutorService thread;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean closed;
    private ScheduledFuture<?> periodic;
    private ScheduledFuture<?> retry;

    public TriggeredLoop(String threadName, ScheduledExecutorService scheduler, Runnable pass) {
        this.scheduler = scheduler;
        this.pass = pass;
        this.thread = Executors.newSingleThreadExecutor(KernelThreads.named(threadName));
    }

    /** Also triggers every {@code interval}. */
    public synchronized void every(Duration interval) {
        periodic = scheduler.scheduleWithFixedDelay(this::trigger, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public void trigger() {
        if (!closed && queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::run);
            } catch (RejectedExecutionException e) {
                queued.set(false);
            }
        }
    }

    private void run() {
        queued.set(false);
        if (!closed) {
            pass.run();
        }
    }

    /** Triggers once after {@code delay}, unless a retry is pending already. */
    public synchronized void retrySoon(Duration delay) {
        if (closed || retry != null && !retry.isDone()) {
            return;
        }
        retry = scheduler.schedule(this::trigger, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean closed() {
        return closed;
    }

    /** Stops triggering and waits (bounded) for a pass in progress. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (periodic != null) {
                periodic.cancel(false);
            }
            if (retry != null) {
                retry.cancel(false);
            }
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
