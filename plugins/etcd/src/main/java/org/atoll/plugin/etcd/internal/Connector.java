package org.atoll.plugin.etcd.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.GetOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the cluster the kernel handed over last. The jetcd client is rebuilt only when
 * the endpoint set changes; the old one is closed in the background, so {@link #connect} never
 * waits for a network. Every call records its outcome in {@link Health}.
 */
final class Connector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final Settings settings;
    private final Threads threads;
    private final Health health;
    private final List<Consumer<Connection>> listeners = new CopyOnWriteArrayList<>();
    private final Set<CompletableFuture<Void>> closing = ConcurrentHashMap.newKeySet();
    private volatile Connection current;
    private volatile String unusable = Failures.NO_REGISTRY;
    private boolean closed;

    Connector(Settings settings, Threads threads, Health health) {
        this.settings = settings;
        this.threads = threads;
        this.health = health;
        health.failed(Failures.NO_REGISTRY);
    }

    /** Called with the new connection (null: none) after the endpoint set changed. */
    void onChange(Consumer<Connection> listener) {
        listeners.add(listener);
    }

    void connect(List<Registry> registries) {
        Connection c;
        synchronized (this) {
            if (closed || !swap(Endpoints.of(registries, settings.clientPort()))) {
                return;
            }
            c = current;
        }
        // outside the lock: listeners may wait for a request in flight on the old client
        for (Consumer<Connection> l : listeners) {
            l.accept(c);
        }
        if (c != null) {
            threads.work().execute(() -> ping(c));
        }
    }

    /** Replaces the connection if the endpoints changed; true if they did. */
    private boolean swap(Endpoints endpoints) {
        Connection old = current;
        if (old != null && old.endpoints().sameAs(endpoints)) {
            return false;
        }
        Connection next = null;
        if (endpoints.isEmpty()) {
            unusable = endpoints.problems().isEmpty() ? Failures.NO_REGISTRY
                    : "no usable etcd registry: " + String.join("; ", endpoints.problems());
            health.failed(unusable);
        } else {
            if (!endpoints.problems().isEmpty()) {
                LOG.warn("etcd registries ignored: {}", String.join("; ", endpoints.problems()));
            }
            try {
                next = Connection.open(endpoints, threads, settings.requestTimeout());
                unusable = null;
                health.failed("connecting to etcd at " + endpoints.display());
                LOG.info("etcd discovery connects to {}", endpoints.display());
            } catch (RuntimeException e) {
                unusable = "cannot set up an etcd client for " + endpoints.display() + ": " + Failures.rootMessage(e);
                health.failed(unusable);
            }
        }
        current = next;
        if (old != null) {
            closeLater(old);
        }
        return true;
    }

    /** The current connection, or the retryable "no registry" failure. */
    Connection require() {
        Connection c = current;
        if (c == null) {
            String why = unusable == null ? Failures.NO_REGISTRY : unusable;
            health.failed(why);
            throw new ProviderException(why, true);
        }
        return c;
    }

    Connection currentOrNull() {
        return current;
    }

    <T> T call(String what, Function<Client, CompletableFuture<T>> request) {
        return call(require(), what, request);
    }

    <T> T call(Connection c, String what, Function<Client, CompletableFuture<T>> request) {
        try {
            T result = c.call(what, request);
            health.ok();
            return result;
        } catch (ProviderException e) {
            if (e.retryable()) {
                health.failed(e.getMessage());
            }
            throw e;
        }
    }

    /** One cheap read, so that status() says whether the new endpoints answer. */
    private void ping(Connection c) {
        if (current != c) {
            return;
        }
        try {
            ByteSequence k = Layout.bytes(settings.prefix() + "/");
            call(c, "read " + settings.prefix(),
                    cl -> cl.getKVClient().get(k, GetOption.builder().isPrefix(true).withCountOnly(true).build()));
        } catch (ProviderException e) {
            LOG.debug("etcd ping failed: {}", e.getMessage());
        }
    }

    private void closeLater(Connection old) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        closing.add(f);
        try {
            threads.work().execute(() -> {
                try {
                    old.close();
                } finally {
                    f.complete(null);
                    closing.remove(f);
                }
            });
        } catch (RuntimeException e) {
            closing.remove(f);
            old.close();
        }
    }

    @Override
    public void close() {
        Connection c;
        synchronized (this) {
            closed = true;
            c = current;
            current = null;
        }
        if (c != null) {
            c.close();
        }
        for (CompletableFuture<Void> f : closing) {
            try {
                f.get(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debug("waiting for an old etcd client to close", e);
            }
        }
    }
}
