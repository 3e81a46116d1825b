package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

/** One change seen by a watch. */
@ProviderType
public record WatchEvent(Type type, KeyValue kv) {
    public enum Type {
        PUT, DELETE
    }
}
