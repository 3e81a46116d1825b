package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;

/**
 * A condition of a {@link Txn}: the key's mod revision equals {@code modRevision}. A mod revision of
 * 0 means the key is absent; {@link #exists} means present with any revision.
 */
@ProviderType
public record Compare(String key, long modRevision, boolean anyRevision) {

    public Compare {
        Objects.requireNonNull(key, "key");
    }

    public static Compare modRevision(String key, long modRevision) {
        return new Compare(key, modRevision, false);
    }

    public static Compare absent(String key) {
        return new Compare(key, 0, false);
    }

    public static Compare exists(String key) {
        return new Compare(key, 0, true);
    }

    /** Whether this condition holds for a key whose current mod revision is {@code current} (0 = absent). */
    public boolean test(long current) {
        return anyRevision ? current != 0 : current == modRevision;
    }
}
