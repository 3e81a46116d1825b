package org.atoll.spi.store;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keys read in one consistent read, and the revision the read reflects: watching from
 * {@code revision} then sees every later change exactly once.
 *
 * @param kvs      the keys, sorted by key
 * @param revision the store's revision at the moment of the read
 */
@ProviderType
public record Listing(List<KeyValue> kvs, long revision) {
    public Listing {
        kvs = List.copyOf(kvs);
    }
}
