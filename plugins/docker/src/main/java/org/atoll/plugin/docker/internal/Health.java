package org.atoll.plugin.docker.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.atoll.spi.ProviderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's reachability as last seen. Every engine call reports its outcome here; when nothing
 * has reported for {@link #TTL}, {@link #status()} starts one ping in the background and answers at
 * once with what it knows. Only changes are logged, so a lost engine is one line, not a storm.
 */
final class Health {

    static final Duration TTL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(Health.class);

    private final String host;
    private final Runnable probe;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile ProviderStatus status;
    private volatile long checkedAt;
    private volatile boolean closed;

    /** @param probe pings the engine and reports the outcome through {@link #up()} or {@link #down} */
    Health(String host, Runnable probe) {
        this.host = host;
        this.probe = probe;
        this.status = ProviderStatus.down("no answer yet from the Docker engine at " + host);
        this.checkedAt = System.nanoTime() - TTL.toNanos() - 1;
    }

    ProviderStatus status() {
        if (!closed && System.nanoTime() - checkedAt > TTL.toNanos() && probing.compareAndSet(false, true)) {
            // The common pool's delayed and async executors: this plugin starts no threads of its own.
            CompletableFuture.runAsync(() -> {
                try {
                    probe.run();
                } catch (RuntimeException e) {
                    down(e.getMessage());
                } finally {
                    probing.set(false);
                }
            });
        }
        return status;
    }

    void up() {
        if (closed) {
            return;
        }
        checkedAt = System.nanoTime();
        if (status.state() != ProviderStatus.State.UP) {
            status = ProviderStatus.up();
            LOG.info("Docker backend is UP: the engine at {} answers", host);
        }
    }

    void down(String why) {
        if (closed) {
            return;
        }
        checkedAt = System.nanoTime();
        ProviderStatus next = ProviderStatus.down(why);
        if (!next.equals(status)) {
            if (status.state() == ProviderStatus.State.UP) {
                LOG.warn("Docker backend is DOWN: {}", why);
            }
            status = next;
        }
    }

    void close() {
        closed = true;
    }
}
