package org.atoll.plugin.consul.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code atoll-alive} TTL check of every registration this provider made passing, a third of the
 * TTL apart, so that the entries of a dead kernel go critical and Consul reaps them. An agent that no longer
 * knows a check (it restarted without state, or calls failed over to another agent) gets the registration
 * again. Each tick first asks for the leader, so that {@code status()} stays current without callers.
 */
final class KeepAlive {

    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);
    private static final int STRIPES = 64;

    private final Services services;
    private final Health health;
    private final Map<String, Registration> kept = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[STRIPES];
    private volatile ScheduledFuture<?> ticks;

    KeepAlive(Services services, Health health) {
        this.services = services;
        this.health = health;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    void start(ScheduledExecutorService scheduler, Duration ttl) {
        long period = Math.max(200, ttl.toMillis() / 3);
        ticks = scheduler.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Register and remember, under the id's lock so that a tick cannot bring back a stale version. */
    void register(Registration r) {
        synchronized (lock(r.id())) {
            services.register(r);
            kept.put(r.id(), r);
        }
    }

    void deregister(String id) {
        synchronized (lock(id)) {
            kept.remove(id);
            services.deregister(id);
        }
    }

    void tick() {
        try {
            health.leaderless(services.leader().isEmpty());
            for (String id : kept.keySet()) {
                synchronized (lock(id)) {
                    Registration r = kept.get(id);
                    if (r != null && !services.passAlive(id)) {
                        services.register(r);
                        LOG.info("Registered {} with consul again: the agent no longer knew it", id);
                    }
                }
            }
        } catch (ProviderException e) {
            LOG.debug("Keep-alive tick failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Keep-alive tick failed", e);
        }
    }

    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), STRIPES)];
    }
}
