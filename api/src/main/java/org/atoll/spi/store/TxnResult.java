package org.atoll.spi.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outcome of {@link StateStore#commit}.
 *
 * @param succeeded whether the comparisons held and the operations were applied
 * @param revision  the store's revision after the call (the transaction's own when it wrote)
 */
@ProviderType
public record TxnResult(boolean succeeded, long revision) {
}
