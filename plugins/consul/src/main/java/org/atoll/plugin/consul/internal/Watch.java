package org.atoll.plugin.consul.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.EndpointListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking-query loop on {@code /v1/health/service/NAME}, following Consul's documented rules: pass the
 * last {@code X-Consul-Index} back as {@code index}, start over from 0 when it goes backwards, never block
 * on an index below 1, and rate-limit the loop (a token bucket, burst {@value #BURST}) so that a churning
 * result degrades to polling instead of a busy loop. Failures back off exponentially up to
 * {@link #MAX_BACKOFF}. The listener hears the full list, health included, each time it differs from the
 * last one it heard. {@link #close()} ends the loop and interrupts a request in flight.
 */
final class Watch implements Runnable, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final int BURST = 3;
    static final Duration REFILL = Duration.ofSeconds(1);
    static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(Watch.class);

    private final String name;
    private final EndpointListener listener;
    private final Agents agents;
    private final Services services;
    private final Duration requestTimeout;
    private final Runnable onClose;
    private final Object sleeper = new Object();
    private volatile boolean closed;
    private volatile Future<?> running;

    Watch(String name, EndpointListener listener, Agents agents, Services services, Duration requestTimeout,
            Runnable onClose) {
        this.name = name;
        this.listener = listener;
        this.agents = agents;
        this.services = services;
        this.requestTimeout = requestTimeout;
        this.onClose = onClose;
    }

    void running(Future<?> future) {
        running = future;
        if (closed) {
            future.cancel(true);
        }
    }

    @Override
    public void run() {
        long index = 0;
        List<Endpoint> last = null;
        int failures = 0;
        double tokens = BURST;
        long refilledAt = System.nanoTime();
        String path = "/v1/health/service/" + Paths.segment(name);
        while (!closed && !Thread.currentThread().isInterrupted()) {
            try {
                Map<String, String> q = new LinkedHashMap<>();
                if (index > 0) {
                    q.put("index", Long.toString(index));
                    q.put("wait", GoDuration.format(WAIT));
                }
                services.dc(q);
                Duration timeout = index > 0 ? WAIT.plus(WAIT.dividedBy(16)).plus(requestTimeout) : requestTimeout;
                Agents.Response r = Failures.expectOk(agents.call("GET", path + Paths.query(q), null, timeout),
                        "watch " + name);
                index = r.index() < index ? 0 : Math.max(1, r.index());
                List<Endpoint> endpoints = Views.endpoints(services.read(r));
                failures = 0;
                if (!endpoints.equals(last) && !closed) {
                    last = endpoints;
                    deliver(endpoints);
                }
                long now = System.nanoTime();
                tokens = Math.min(BURST, tokens + (double) (now - refilledAt) / REFILL.toNanos());
                refilledAt = now;
                if (tokens < 1) {
                    pause((long) ((1 - tokens) * REFILL.toMillis()) + 1);
                    tokens = 1;
                    refilledAt = System.nanoTime();
                }
                tokens -= 1;
            } catch (ProviderException e) {
                failures++;
                if (!closed) {
                    LOG.debug("Watch of {} failed ({} in a row): {}", name, failures, e.getMessage());
                    pause(backoff(failures));
                }
            } catch (RuntimeException e) {
                failures++;
                LOG.warn("Watch of {} failed ({} in a row)", name, failures, e);
                pause(backoff(failures));
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        Future<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
        onClose.run();
    }

    static long backoff(int failures) {
        long base = MIN_BACKOFF.toMillis() << Math.min(failures - 1, 10);
        long capped = Math.min(MAX_BACKOFF.toMillis(), base);
        return capped + ThreadLocalRandom.current().nextLong(capped / 10 + 1);
    }

    private void deliver(List<Endpoint> endpoints) {
        try {
            listener.onEndpoints(name, endpoints);
        } catch (RuntimeException e) {
            LOG.warn("The listener of the consul watch of {} failed", name, e);
        }
    }

    private void pause(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (sleeper) {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                try {
                    sleeper.wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
