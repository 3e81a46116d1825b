package org.atoll.kernel.internal.state;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Watch;
import org.atoll.spi.store.WatchEvent;
import org.atoll.spi.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a trigger whenever a key under one of some prefixes changes, for the kernel's level-triggered
 * loops: they re-read what they need, so the events themselves are not passed on. A watch the store
 * ends (compaction, a store restart) is opened again from the current revision, with one more
 * trigger for whatever happened in between. The trigger must not block.
 */
public final class ChangeWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeWatch.class);

    private final StateStore store;
    private final ScheduledExecutorService scheduler;
    private final List<String> prefixes;
    private final Runnable trigger;
    private volatile boolean closed;
    private Watch watch;

    private ChangeWatch(StateStore store, ScheduledExecutorService scheduler, List<String> prefixes, Runnable trigger) {
        this.store = store;
        this.scheduler = scheduler;
        this.prefixes = List.copyOf(prefixes);
        this.trigger = trigger;
    }

    /** Watches from the store's current revision; {@code prefixes} under {@link Keys#ROOT}. */
    public static ChangeWatch start(StateStore store, ScheduledExecutorService scheduler, List<String> prefixes,
            Runnable trigger) {
        ChangeWatch w = new ChangeWatch(store, scheduler, prefixes, trigger);
        w.open(store.revision());
        return w;
    }

    private synchronized void open(long from) {
        if (closed) {
            return;
        }
        watch = store.watch(Keys.ROOT, from, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                for (WatchEvent e : events) {
                    if (matches(e.kv().key())) {
                        trigger.run();
                        return;
                    }
                }
            }

            @Override
            public void onError(Throwable error) {
                if (closed) {
                    return;
                }
                long now = store.revision();
                LOG.debug("Store watch ended ({}); watching again from revision {}", error.getMessage(), now);
                scheduler.execute(() -> {
                    open(now);
                    trigger.run();
                });
            }
        });
    }

    private boolean matches(String key) {
        if (prefixes.isEmpty()) {
            return true;
        }
        for (String p : prefixes) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
    }
}
