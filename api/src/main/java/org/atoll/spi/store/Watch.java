package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

/** A running watch; closing it stops the events. Closing twice is fine. */
@ProviderType
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
