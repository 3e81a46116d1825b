package org.atoll.spi;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;

/**
 * A provider's health as it reports it.
 *
 * @param state   coarse state, see {@link State}
 * @param message why the provider is not {@link State#UP}; empty when it is
 */
@ProviderType
public record ProviderStatus(State state, String message) {

    public enum State {
        /** Connected and serving. */
        UP,
        /** Serving, but something is wrong (a daemon is slow, a peer is missing). */
        DEGRADED,
        /** Cannot serve now: calls that need the daemon fail with a retryable {@link ProviderException}. */
        DOWN
    }

    public ProviderStatus {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
    }

    public static ProviderStatus up() {
        return new ProviderStatus(State.UP, "");
    }

    public static ProviderStatus degraded(String message) {
        return new ProviderStatus(State.DEGRADED, message);
    }

    public static ProviderStatus down(String message) {
        return new ProviderStatus(State.DOWN, message);
    }
}
