package org.atoll.plugin.etcd.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.atoll.spi.ProviderException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Vertx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One jetcd client on one set of endpoints, with its own Vert.x; building it does not connect. */
final class Connection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final Endpoints endpoints;
    private final Duration timeout;
    private final Vertx vertx;
    private final Client client;
    private boolean closed;

    private Connection(Endpoints endpoints, Duration timeout, Vertx vertx, Client client) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.vertx = vertx;
        this.client = client;
    }

    static Connection open(Endpoints endpoints, Threads threads, Duration timeout) {
        Vertx vertx = Threads.newVertx();
        try {
            ClientBuilder b = Client.builder()
                    .endpoints(endpoints.uris())
                    .vertx(vertx)
                    .executorService(threads.client())
                    .connectTimeout(timeout)
                    .keepaliveTime(Duration.ofSeconds(10))
                    .keepaliveTimeout(timeout)
                    .waitForReady(false);
            if (endpoints.user() != null) {
                b.user(ByteSequence.from(endpoints.user().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .password(ByteSequence.from(endpoints.password().getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)));
            }
            return new Connection(endpoints, timeout, vertx, b.build());
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    Client client() {
        return client;
    }

    /**
     * Starts a watch, unless this connection is closed: jetcd creates its watch client (and that
     * client's thread pool) on first use, and one created after {@code close()} would never stop.
     */
    synchronized Watch.Watcher watch(ByteSequence key, WatchOption option, Watch.Listener listener) {
        if (closed) {
            throw new ProviderException("etcd at " + endpoints.display() + ": the connection was closed", true);
        }
        return client.getWatchClient().watch(key, option, listener);
    }

    /** Keeps {@code leaseId} alive through this connection, unless it is closed (see {@link #watch}). */
    synchronized CloseableClient keepAlive(long leaseId, StreamObserver<LeaseKeepAliveResponse> observer) {
        if (closed) {
            throw new ProviderException("etcd at " + endpoints.display() + ": the connection was closed", true);
        }
        return client.getLeaseClient().keepAlive(leaseId, observer);
    }

    Endpoints endpoints() {
        return endpoints;
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs one request and waits at most the request timeout; failures become ProviderExceptions. */
    <T> T call(String what, Function<Client, CompletableFuture<T>> request) {
        CompletableFuture<T> f = null;
        try {
            f = request.apply(client);
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failures.map(what, endpoints.display(), e);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw Failures.map(what, endpoints.display(), e);
        } catch (Exception e) {
            throw Failures.map(what, endpoints.display(), e);
        }
    }

    /** Closes the client and waits (bounded) until its Vert.x has stopped its threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the etcd client of {}", endpoints.display(), e);
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("closing the Vert.x of {}", endpoints.display(), e);
        }
    }
}
