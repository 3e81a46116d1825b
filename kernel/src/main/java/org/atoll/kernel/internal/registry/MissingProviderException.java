package org.atoll.kernel.internal.registry;

import org.atoll.spi.ProviderException;

/** A plan needs a provider or capability that no installed plugin offers. Retryable: installing one fixes it. */
public class MissingProviderException extends ProviderException {

    private static final long serialVersionUID = 1L;

    public MissingProviderException(String message) {
        super(message, true);
    }
}
