package org.atoll.plugin.etcd.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.EndpointListener;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of one name, kept current by a prefix watch. Reads everything once, watches from
 * the next revision, and reads again after any error, compaction or client change. All state is
 * touched on one {@link SerialExecutor}: jetcd's callbacks only enqueue. The listener gets the full
 * list (healthy and not, see {@link Endpoint#healthy()}) at start and whenever it changes.
 */
final class EndpointWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointWatch.class);
    private static final long RETRY_MS = 1000;

    private final String name;
    private final EndpointListener listener;
    private final Connector connector;
    private final Layout layout;
    private final SerialExecutor serial;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private List<Endpoint> delivered;
    private Watch.Watcher watcher;
    private int generation;
    private boolean retryPending;
    private volatile boolean closed;

    EndpointWatch(String name, EndpointListener listener, Connector connector, Layout layout, Threads threads) {
        this.name = name;
        this.listener = listener;
        this.connector = connector;
        this.layout = layout;
        this.serial = new SerialExecutor(threads.work());
        this.scheduler = threads.scheduler();
    }

    void start() {
        serial.execute(this::resync);
    }

    /** The client changed: read again through the new one. */
    void reconnect() {
        serial.execute(this::resync);
    }

    @Override
    public void close() {
        closed = true;
        serial.execute(this::stopWatcher);
    }

    private void resync() {
        if (closed) {
            return;
        }
        stopWatcher();
        int gen = generation;
        try {
            Connection c = connector.require();
            GetResponse all = connector.call(c, "list " + layout.prefix(), cl -> cl.getKVClient()
                    .get(layout.root(), GetOption.builder().isPrefix(true).build()));
            endpoints.clear();
            all.getKvs().forEach(this::put);
            deliver();
            WatchOption option = WatchOption.builder().isPrefix(true).withRequireLeader(true)
                    .withRevision(all.getHeader().getRevision() + 1).build();
            watcher = c.watch(layout.root(), option, new Watch.Listener() {
                @Override
                public void onNext(WatchResponse response) {
                    serial.execute(() -> apply(gen, response));
                }

                @Override
                public void onError(Throwable t) {
                    serial.execute(() -> failed(gen, t));
                }

                @Override
                public void onCompleted() {
                    serial.execute(() -> failed(gen, null));
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("watch of {}: {}; retrying", name, e.getMessage());
            retryLater();
        }
    }

    private void apply(int gen, WatchResponse response) {
        if (closed || gen != generation) {
            return;
        }
        for (WatchEvent e : response.getEvents()) {
            if (e.getEventType() == WatchEvent.EventType.PUT) {
                put(e.getKeyValue());
            } else if (e.getEventType() == WatchEvent.EventType.DELETE) {
                endpoints.remove(Layout.string(e.getKeyValue().getKey()));
            }
        }
        deliver();
    }

    private void failed(int gen, Throwable t) {
        if (closed || gen != generation) {
            return;
        }
        LOG.debug("watch of {} ended ({}); reading again", name, t == null ? "completed" : Failures.rootMessage(t));
        stopWatcher();
        retryLater();
    }

    private void put(KeyValue kv) {
        String key = Layout.string(kv.getKey());
        if (layout.parseKey(key).filter(k -> k.name().equals(name)).isEmpty()) {
            return;
        }
        layout.parse(key, Layout.string(kv.getValue())).ifPresentOrElse(
                h -> endpoints.put(key, Layout.endpoint(h)), () -> endpoints.remove(key));
    }

    private void deliver() {
        List<Endpoint> now = new ArrayList<>(endpoints.values());
        now.sort(Comparator.comparing(Endpoint::registrationId).thenComparing(Endpoint::address)
                .thenComparingInt(Endpoint::port));
        if (now.equals(delivered)) {
            return;
        }
        delivered = List.copyOf(now);
        try {
            listener.onEndpoints(name, delivered);
        } catch (RuntimeException e) {
            LOG.warn("listener of {} failed", name, e);
        }
    }

    private void stopWatcher() {
        generation++;
        if (watcher != null) {
            try {
                watcher.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the watch of {}", name, e);
            }
            watcher = null;
        }
    }

    private void retryLater() {
        if (closed || retryPending) {
            return;
        }
        retryPending = true;
        try {
            scheduler.schedule(() -> serial.execute(() -> {
                retryPending = false;
                resync();
            }), RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            retryPending = false;
        }
    }
}
