package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

import org.atoll.spi.ProviderException;

/** The store could not do what was asked: unreachable, timed out, full, or corrupt. */
@ProviderType
public class StoreException extends ProviderException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, boolean retryable) {
        super(message, retryable);
    }

    public StoreException(String message, boolean retryable, Throwable cause) {
        super(message, retryable, cause);
    }
}
