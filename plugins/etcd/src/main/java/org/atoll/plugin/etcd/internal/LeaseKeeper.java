package org.atoll.plugin.etcd.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.atoll.spi.ProviderException;

import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This provider's one lease: granted on first use, kept alive through whichever client is current.
 * When etcd says it is gone (it expired during a partition longer than its TTL) the lease is
 * forgotten and {@code onLost} runs, which grants a new one and re-publishes. The keep-alive
 * callbacks arrive on jetcd's threads and only hand work off. Closing does not revoke: the entries
 * then expire after the TTL, unless a successor re-registers them first.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Connector connector;
    private final long ttlSeconds;
    private final Health health;
    private final Executor work;
    private final Runnable onLost;

    private long id;
    private Connection on;
    private CloseableClient keepAlive;
    private int generation;
    private boolean closed;

    LeaseKeeper(Connector connector, long ttlSeconds, Health health, Executor work, Runnable onLost) {
        this.connector = connector;
        this.ttlSeconds = ttlSeconds;
        this.health = health;
        this.work = work;
        this.onLost = onLost;
    }

    /** The lease to put with, through {@code c}; grants one if there is none (blocks at most a request). */
    synchronized long id(Connection c) {
        if (closed) {
            throw new ProviderException("the etcd discovery provider is stopping", true);
        }
        if (id != 0) {
            if (on != c) {
                attach(c);
            }
            return id;
        }
        id = connector.call(c, "grant a lease of " + ttlSeconds + " s",
                cl -> cl.getLeaseClient().grant(ttlSeconds)).getID();
        attach(c);
        LOG.debug("etcd lease {} granted ({} s)", Long.toHexString(id), ttlSeconds);
        return id;
    }

    /** The client changed: keep the same lease alive through the new one (etcd says if it is gone). */
    synchronized void connectionChanged(Connection c) {
        if (closed || id == 0) {
            return;
        }
        if (c == null) {
            detach();
            return;
        }
        try {
            attach(c);
        } catch (ProviderException e) {
            detach(); // replaced again meanwhile; the next put attaches to the current one
        }
    }

    /** A put said the lease {@code leaseId} is not found: forget it and re-publish. */
    void notFound(long leaseId) {
        boolean lost;
        synchronized (this) {
            lost = !closed && id == leaseId && id != 0;
            if (lost) {
                detach();
                id = 0;
            }
        }
        if (lost) {
            LOG.info("etcd lease {} expired; granting a new one and publishing again", Long.toHexString(leaseId));
            handOff(onLost);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        detach();
        id = 0;
    }

    private void attach(Connection c) {
        detach();
        on = c;
        int gen = ++generation;
        long leaseId = id;
        keepAlive = c.keepAlive(leaseId, new StreamObserver<LeaseKeepAliveResponse>() {
            @Override
            public void onNext(LeaseKeepAliveResponse value) {
                health.ok();
            }

            @Override
            public void onError(Throwable t) {
                if (Failures.leaseNotFound(t)) {
                    handOff(() -> lost(gen, leaseId));
                } else {
                    health.failed("etcd at " + c.endpoints().display() + ": lease keep-alive: "
                            + Failures.rootMessage(t));
                }
            }

            @Override
            public void onCompleted() {
                // jetcd gives up on a lease whose deadline passed without an answer
                handOff(() -> lost(gen, leaseId));
            }
        });
    }

    private void lost(int gen, long leaseId) {
        synchronized (this) {
            if (gen != generation || closed) {
                return;
            }
        }
        notFound(leaseId);
    }

    private void detach() {
        generation++;
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a lease keep-alive", e);
            }
            keepAlive = null;
        }
        on = null;
    }

    private void handOff(Runnable r) {
        try {
            work.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("stopping: lease event dropped");
        }
    }
}
