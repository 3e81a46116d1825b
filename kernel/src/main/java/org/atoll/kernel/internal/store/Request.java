package org.atoll.kernel.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.atoll.spi.store.Compare;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;

/** Work for the writer thread; its future completes once the effect is durable (or failed). */
sealed interface Request {

    CompletableFuture<Object> result();

    /**
     * A validated transaction, completing with a {@link org.atoll.spi.store.TxnResult}. Values are
     * copied once here, in the caller's thread, and shared from then on.
     */
    record Commit(List<Compare> compares, List<Write> writes, CompletableFuture<Object> result) implements Request {

        /** Validates keys and sizes; throws {@link IllegalArgumentException} naming the offending key. */
        static Commit of(Txn txn) {
            for (Compare compare : txn.compares()) {
                Keys.encode(compare.key());
            }
            List<Write> writes = new ArrayList<>(txn.ops().size());
            long bytes = 0;
            for (Op op : txn.ops()) {
                if (op instanceof Op.Put put) {
                    byte[] value = put.value();
                    bytes += Keys.encode(put.key()).length + value.length + 64;
                    Keys.checkValue(put.key(), value.length);
                    writes.add(new Write(put.key(), value, put.lease(), false));
                } else if (op instanceof Op.Delete delete) {
                    bytes += Keys.encode(delete.key()).length + 8;
                    writes.add(new Write(delete.key(), null, 0, false));
                } else if (op instanceof Op.DeletePrefix prefix) {
                    Keys.checkPrefix(prefix.prefix());
                    writes.add(new Write(prefix.prefix(), null, 0, true));
                }
            }
            if (bytes > RecordCodec.MAX_PAYLOAD) {
                throw new IllegalArgumentException("transaction too large: " + bytes + " bytes, the limit is "
                        + RecordCodec.MAX_PAYLOAD);
            }
            return new Commit(txn.compares(), writes, new CompletableFuture<>());
        }
    }

    /** One operation of a commit: a put (value not null), a delete, or a prefix delete. */
    record Write(String key, byte[] value, long lease, boolean prefix) {
    }

    /** Completes with a {@link org.atoll.spi.store.Lease}. */
    record Grant(long ttlMillis, CompletableFuture<Object> result) implements Request {
    }

    /**
     * Revokes a lease and deletes its keys. With {@code onlyIfExpired} (the expiry task) it does
     * nothing if a keep-alive moved the deadline after the task looked.
     */
    record Revoke(long leaseId, boolean onlyIfExpired, CompletableFuture<Object> result) implements Request {
    }

    /** Ends the writer after everything queued before it. */
    record Stop(CompletableFuture<Object> result) implements Request {
    }
}
