package org.atoll.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How a provider reports that an operation failed.
 *
 * <p>{@link #retryable()} tells the kernel whether the same call may succeed later (a daemon is
 * unreachable, a lock is held) or never will as asked (an image does not exist, a name is taken
 * by something Atoll does not own). The message is shown to operators: it names the object and the
 * reason, and never contains a secret.
 */
@ProviderType
public class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public ProviderException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public ProviderException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
