package org.atoll.spi.store;

import org.osgi.annotation.versioning.ConsumerType;

/** A running watch, implemented by the store; closing it stops the events. Closing twice is fine. */
@ConsumerType
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
