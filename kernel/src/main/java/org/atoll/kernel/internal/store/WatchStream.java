package org.atoll.kernel.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.atoll.spi.store.StoreException;
import org.atoll.spi.store.Watch;
import org.atoll.spi.store.WatchEvent;
import org.atoll.spi.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: its own queue, drained serially on the executor.
 *
 * <p>The writer only appends to the queue, so a slow listener delays nobody but itself. At most
 * one drain task per watch is scheduled at a time, which keeps calls to the listener serial and in
 * revision order; a drain hands the thread back after a burst so that one busy watch cannot
 * monopolise a small executor. A listener that falls too far behind is ended with a retryable
 * error instead of letting its queue grow without bound.
 */
final class WatchStream implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);
    private static final int BURST = 64;

    /** Events of one revision, or the error that ends the watch. */
    private record Item(List<WatchEvent> events, Throwable error) {
    }

    private final String prefix;
    private final WatchListener listener;
    private final Executor executor;
    private final WatchHub hub;
    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    // Guarded by the hub's lock: the offering side.
    private long lastOffered;
    private boolean ended;

    WatchStream(String prefix, long fromRevision, WatchListener listener, Executor executor, WatchHub hub) {
        this.prefix = prefix;
        this.lastOffered = fromRevision;
        this.listener = listener;
        this.executor = executor;
        this.hub = hub;
    }

    /**
     * Queues this watch's share of one revision. Called under the hub's lock, in revision order.
     *
     * @return false if the watch has ended and should be dropped
     */
    boolean offer(long revision, List<WatchEvent> events, int maxBacklog) {
        if (ended || closed) {
            return false;
        }
        if (revision <= lastOffered) {
            return true;
        }
        lastOffered = revision;
        List<WatchEvent> mine = new ArrayList<>(events.size());
        for (WatchEvent event : events) {
            if (event.kv().key().startsWith(prefix)) {
                mine.add(event);
            }
        }
        if (mine.isEmpty()) {
            return true;
        }
        if (backlog.get() >= maxBacklog) {
            end(new StoreException("watch on '" + prefix + "' fell more than " + maxBacklog
                    + " revisions behind at revision " + revision + "; list again and watch from the listed revision", true));
            return false;
        }
        backlog.incrementAndGet();
        queue.add(new Item(List.copyOf(mine), null));
        schedule();
        return true;
    }

    /** Queues the error that ends this watch after the events already queued. Under the hub's lock. */
    void end(Throwable error) {
        if (ended || closed) {
            return;
        }
        ended = true;
        queue.add(new Item(null, error));
        schedule();
    }

    @Override
    public void close() {
        closed = true;
        hub.remove(this);
        queue.clear();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                closed = true;
                LOG.warn("Watch on '{}' stopped: the executor rejected its delivery task", prefix);
            }
        }
    }

    private void drain() {
        try {
            for (int delivered = 0; delivered < BURST && !closed; delivered++) {
                Item item = queue.poll();
                if (item == null) {
                    break;
                }
                if (item.error() != null) {
                    closed = true;
                    listener.onError(item.error());
                    break;
                }
                backlog.decrementAndGet();
                listener.onEvents(item.events());
            }
        } catch (RuntimeException e) {
            LOG.warn("Watch listener on '{}' threw; ending the watch", prefix, e);
            closed = true;
            hub.remove(this);
            try {
                listener.onError(e);
            } catch (RuntimeException again) {
                LOG.debug("onError threw as well", again);
            }
        } finally {
            scheduled.set(false);
            if (!closed && !queue.isEmpty()) {
                schedule();
            }
        }
    }
}
