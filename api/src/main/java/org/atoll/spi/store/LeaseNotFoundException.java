package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

/** The lease expired or was revoked. */
@ProviderType
public class LeaseNotFoundException extends StoreException {

    private static final long serialVersionUID = 1L;

    public LeaseNotFoundException(long leaseId) {
        super("lease " + Long.toHexString(leaseId) + " not found (expired or revoked)", false);
    }
}
