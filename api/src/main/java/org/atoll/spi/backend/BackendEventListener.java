package org.atoll.spi.backend;

import org.osgi.annotation.versioning.ProviderType;

/** Receives backend events; implemented by the kernel. Calls return at once and never throw. */
@ProviderType
@FunctionalInterface
public interface BackendEventListener {
    void onEvent(BackendEvent event);
}
