package org.atoll.plugin.consul.internal;

import org.atoll.spi.ProviderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's state as last seen by a real call or probe. {@link #status()} only reads a field; only
 * changes are logged, so a lost registry is one line, not a storm. Messages name URLs and reasons, never
 * the token.
 */
final class Health {

    private static final Logger LOG = LoggerFactory.getLogger(Health.class);

    static final String NO_LEADER = "consul answers but its cluster has no leader";

    private volatile ProviderStatus status = ProviderStatus.down(Agents.NO_REGISTRY);
    private volatile boolean leaderless;

    ProviderStatus status() {
        return status;
    }

    /** The registry that was asked first answered. */
    void up() {
        set(leaderless ? ProviderStatus.degraded(NO_LEADER) : ProviderStatus.up());
    }

    /** What the last leader probe found; an answering agent without a leader cannot register anything. */
    synchronized void leaderless(boolean none) {
        leaderless = none;
        if (none && status.state() == ProviderStatus.State.UP) {
            set(ProviderStatus.degraded(NO_LEADER));
        } else if (!none && status.equals(ProviderStatus.degraded(NO_LEADER))) {
            set(ProviderStatus.up());
        }
    }

    void degraded(String why) {
        set(ProviderStatus.degraded(why));
    }

    void down(String why) {
        set(ProviderStatus.down(why));
    }

    private synchronized void set(ProviderStatus next) {
        ProviderStatus previous = status;
        if (next.equals(previous)) {
            return;
        }
        status = next;
        if (next.state() == ProviderStatus.State.UP) {
            LOG.info("Consul discovery is UP");
        } else if (next.state() != previous.state()) {
            LOG.warn("Consul discovery is {}: {}", next.state(), next.message());
        } else {
            LOG.debug("Consul discovery is still {}: {}", next.state(), next.message());
        }
    }
}
