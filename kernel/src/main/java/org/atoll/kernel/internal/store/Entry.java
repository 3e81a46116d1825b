package org.atoll.kernel.internal.store;

import org.atoll.spi.store.KeyValue;

/**
 * The stored state of one key. Immutable by convention: the value array is never modified after
 * construction and never handed out (a {@link KeyValue} copies it), so entries can be shared
 * between the live map, pending batches, snapshots and watch history without copying.
 */
record Entry(byte[] value, long createRevision, long modRevision, long version, long lease) {

    KeyValue toKeyValue(String key) {
        return new KeyValue(key, value, createRevision, modRevision, version, lease);
    }
}
