package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

/** A watch asked for history older than the store keeps. */
@ProviderType
public class CompactedException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long compactRevision;

    public CompactedException(long requested, long compactRevision) {
        super("revision " + requested + " is compacted; the oldest available is " + compactRevision, false);
        this.compactRevision = compactRevision;
    }

    public long compactRevision() {
        return compactRevision;
    }
}
