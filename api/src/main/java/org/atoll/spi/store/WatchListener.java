package org.atoll.spi.store;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives watch events; called on the store's threads, must return quickly and never block. */
@ConsumerType
@FunctionalInterface
public interface WatchListener {

    /** The changes of one or more consecutive revisions, in revision order. */
    void onEvents(List<WatchEvent> events);

    /** The watch ended because of {@code error} (for example a {@link CompactedException}); no more events follow. */
    default void onError(Throwable error) {
    }
}
