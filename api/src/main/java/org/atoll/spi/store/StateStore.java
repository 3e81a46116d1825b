package org.atoll.spi.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A versioned key-value store with transactions, prefix watches and leases.
 *
 * <p>Contract:
 * <ul>
 * <li><b>Durability.</b> When {@link #commit} returns, the change is durable: it survives a crash of
 *     the process (and, for a replicated store, of a minority of members). A change that was not
 *     acknowledged is either wholly present or wholly absent after a crash, never partly.</li>
 * <li><b>Atomicity.</b> The operations of one {@link Txn} are applied together at one revision, or
 *     not at all.</li>
 * <li><b>Blocking.</b> Every method blocks the calling thread until done or until the store's own
 *     timeout; on timeout or when the store cannot be reached it throws a retryable
 *     {@link StoreException}. Watch listeners are called on the store's threads and must not block.</li>
 * <li><b>Ordering.</b> Revisions grow strictly. Reads see every change committed before they
 *     started. Watch events arrive in revision order, each revision once.</li>
 * <li><b>Restart.</b> After a restart the store holds exactly the acknowledged changes; watches
 *     and leases are re-established by their owners (a lease's time to live starts again).</li>
 * </ul>
 * Keys are non-empty UTF-8 strings without NUL; by convention they are paths ({@code /atoll/…}).
 */
@ConsumerType
public interface StateStore extends Provider {

    /** Capability: {@link #watch} is supported. */
    String CAP_WATCH = "watch";
    /** Capability: {@link #grantLease} and friends are supported. */
    String CAP_LEASES = "leases";
    /** Capability: the store is shared by several nodes. */
    String CAP_SHARED = "shared";

    Optional<KeyValue> get(String key);

    /**
     * Every key that starts with {@code prefix}, sorted by key, with the revision of the read, in one
     * consistent read. Watching from that revision misses nothing and repeats nothing.
     */
    Listing scan(String prefix);

    /** Every key that starts with {@code prefix}, sorted by key. */
    default List<KeyValue> list(String prefix) {
        return scan(prefix).kvs();
    }

    /** The revision of the latest committed change (0 for an empty store). */
    long revision();

    /** Applies the transaction if all its comparisons hold; see {@link Txn}. */
    TxnResult commit(Txn txn);

    /** Unconditionally writes {@code key}; returns the new revision. */
    default long put(String key, byte[] value) {
        return commit(Txn.of(Op.put(key, value))).revision();
    }

    /**
     * Writes {@code key} only if its mod revision is {@code expectedModRevision} (0: only if absent).
     *
     * @return whether the write happened
     */
    default boolean putIf(String key, byte[] value, long expectedModRevision) {
        return commit(Txn.when(Compare.modRevision(key, expectedModRevision)).then(Op.put(key, value))).succeeded();
    }

    /** Deletes {@code key}; returns whether it existed. */
    default boolean delete(String key) {
        if (get(key).isEmpty()) {
            return false;
        }
        return commit(Txn.when(Compare.exists(key)).then(Op.delete(key))).succeeded();
    }

    /**
     * Calls {@code listener} with every change under {@code prefix} after revision {@code fromRevision}
     * (exclusive), first the past ones the store still has, then new ones as they commit, until the
     * returned watch is closed. If the store no longer has the history from {@code fromRevision} it
     * calls {@link WatchListener#onError} with a {@link CompactedException}; the caller re-reads with
     * {@link #scan} and watches again from the scan's revision.
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    /** Grants a lease that expires after {@code ttl} unless kept alive; keys put with it go with it. */
    Lease grantLease(Duration ttl);

    /**
     * Restarts the lease's time to live.
     *
     * @throws LeaseNotFoundException if it expired or was revoked
     */
    void keepAlive(long leaseId);

    /** Revokes the lease and deletes its keys at once; a lease that is gone already is fine. */
    void revokeLease(long leaseId);
}
