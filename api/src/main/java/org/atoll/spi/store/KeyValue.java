package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key, its value and its history counters.
 *
 * <p>In a watch event of type {@link WatchEvent.Type#DELETE} the value is empty and
 * {@link #modRevision()} is the revision of the deletion.
 */
@ProviderType
public final class KeyValue {

    private final String key;
    private final byte[] value;
    private final long createRevision;
    private final long modRevision;
    private final long version;
    private final long lease;

    /**
     * @param createRevision the revision that created the key (since its last deletion)
     * @param modRevision    the revision that last changed it
     * @param version        how many times it was written since it was created (1 for a new key)
     * @param lease          the lease it is attached to, 0 for none
     */
    public KeyValue(String key, byte[] value, long createRevision, long modRevision, long version, long lease) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = value == null ? new byte[0] : value.clone();
        this.createRevision = createRevision;
        this.modRevision = modRevision;
        this.version = version;
        this.lease = lease;
    }

    public String key() {
        return key;
    }

    public byte[] value() {
        return value.clone();
    }

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    public int valueLength() {
        return value.length;
    }

    public long createRevision() {
        return createRevision;
    }

    public long modRevision() {
        return modRevision;
    }

    public long version() {
        return version;
    }

    public long lease() {
        return lease;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv && key.equals(kv.key) && Arrays.equals(value, kv.value)
                && createRevision == kv.createRevision && modRevision == kv.modRevision && version == kv.version
                && lease == kv.lease;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), modRevision);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + "@" + modRevision + ", " + value.length + " bytes]";
    }
}
