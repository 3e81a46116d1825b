package org.atoll.kernel.internal.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.atoll.spi.store.Compare;
import org.atoll.spi.store.Lease;
import org.atoll.spi.store.LeaseNotFoundException;
import org.atoll.spi.store.TxnResult;

/**
 * Turns a {@link Request} into its outcome and the {@link Mutation} to log, against a
 * {@link PendingView}. Pure: no I/O, no shared state besides the view, so the writer can evaluate a
 * whole group before forcing it.
 */
final class Evaluator {

    /** The outcome for the caller and the mutation to make durable first (null if nothing changes). */
    record Decision(Object result, Mutation mutation) {
    }

    private Evaluator() {
    }

    static Decision evaluate(Request request, PendingView view, long nowNanos) {
        if (request instanceof Request.Commit c) {
            return commit(c, view);
        } else if (request instanceof Request.Grant g) {
            return grant(g, view);
        } else if (request instanceof Request.Revoke r) {
            return revoke(r, view, nowNanos);
        }
        throw new IllegalArgumentException("cannot evaluate " + request);
    }

    private static Decision commit(Request.Commit request, PendingView view) {
        for (Compare compare : request.compares()) {
            if (!compare.test(view.modRevision(compare.key()))) {
                return new Decision(new TxnResult(false, view.revision()), null);
            }
        }
        long revision = view.revision() + 1;
        // Working copy of this transaction's own effects; a null value means deleted.
        Map<String, Entry> local = new LinkedHashMap<>();
        for (Request.Write write : request.writes()) {
            if (write.prefix()) {
                for (String key : view.keysWithPrefix(write.key())) {
                    local.put(key, null);
                }
                for (Map.Entry<String, Entry> e : local.entrySet()) {
                    if (e.getKey().startsWith(write.key())) {
                        e.setValue(null);
                    }
                }
            } else if (write.value() == null) {
                local.put(write.key(), null);
            } else {
                if (write.lease() != 0 && !view.leaseExists(write.lease())) {
                    throw new LeaseNotFoundException(write.lease());
                }
                Entry previous = local.containsKey(write.key()) ? local.get(write.key()) : view.get(write.key());
                Entry next;
                if (previous == null) {
                    next = new Entry(write.value(), revision, revision, 1, write.lease());
                } else {
                    long version = previous.modRevision() == revision ? previous.version() : previous.version() + 1;
                    next = new Entry(write.value(), previous.createRevision(), revision, version, write.lease());
                }
                local.put(write.key(), next);
            }
        }
        List<Mutation.Change> changes = new ArrayList<>();
        local.forEach((key, entry) -> {
            if (entry != null) {
                changes.add(new Mutation.Upsert(key, entry));
            } else if (view.get(key) != null) {
                changes.add(new Mutation.Remove(key));
            }
        });
        if (changes.isEmpty()) {
            return new Decision(new TxnResult(true, view.revision()), null);
        }
        return new Decision(new TxnResult(true, revision), new Mutation(revision, changes));
    }

    private static Decision grant(Request.Grant request, PendingView view) {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        } while (id == 0 || view.leaseExists(id));
        Mutation m = new Mutation(view.revision(), List.of(new Mutation.LeaseGrant(id, request.ttlMillis())));
        return new Decision(new Lease(id, Duration.ofMillis(request.ttlMillis())), m);
    }

    private static Decision revoke(Request.Revoke request, PendingView view, long nowNanos) {
        long id = request.leaseId();
        if (!view.leaseExists(id)) {
            return new Decision(Boolean.FALSE, null);
        }
        if (request.onlyIfExpired()) {
            KeySpace.LeaseState state = view.leaseState(id);
            if (state == null || nowNanos - state.deadlineNanos < 0) {
                return new Decision(Boolean.FALSE, null);
            }
        }
        List<Mutation.Change> changes = new ArrayList<>();
        for (String key : view.keysOfLease(id)) {
            changes.add(new Mutation.Remove(key));
        }
        long revision = changes.isEmpty() ? view.revision() : view.revision() + 1;
        changes.add(new Mutation.LeaseRevoke(id));
        return new Decision(Boolean.TRUE, new Mutation(revision, changes));
    }
}
