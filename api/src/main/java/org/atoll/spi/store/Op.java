package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A write inside a {@link Txn}. */
@ProviderType
public sealed interface Op {

    /** Writes {@code key}; {@code lease} 0 = no lease. */
    record Put(String key, byte[] value, long lease) implements Op {
        public Put {
            Objects.requireNonNull(key, "key");
            value = value == null ? new byte[0] : value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /** Deletes {@code key} if present. */
    record Delete(String key) implements Op {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Deletes every key that starts with {@code prefix} (not empty). */
    record DeletePrefix(String prefix) implements Op {
        public DeletePrefix {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("prefix: must not be empty");
            }
        }
    }

    static Op put(String key, byte[] value) {
        return new Put(key, value, 0);
    }

    static Op put(String key, String value) {
        return new Put(key, value.getBytes(StandardCharsets.UTF_8), 0);
    }

    static Op put(String key, byte[] value, long lease) {
        return new Put(key, value, lease);
    }

    static Op delete(String key) {
        return new Delete(key);
    }

    static Op deletePrefix(String prefix) {
        return new DeletePrefix(prefix);
    }
}
