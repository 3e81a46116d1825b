package org.atoll.kernel.internal.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state as the writer sees it while building a batch: the durable {@link KeySpace} plus the
 * mutations already accepted into the batch but not yet forced to disk.
 *
 * <p>Requests in a group commit are evaluated one after another against this view, so each sees
 * the effects of the ones before it, while readers keep seeing only durable state. The overlay
 * holds only the keys and leases the batch touched, so it costs nothing proportional to the store.
 */
final class PendingView {

    private static final Entry REMOVED = new Entry(new byte[0], 0, 0, 0, 0);

    private final KeySpace base;
    private final Map<String, Entry> keys = new HashMap<>();
    private final Map<Long, Boolean> leases = new HashMap<>();
    private long revision;

    PendingView(KeySpace base) {
        this.base = base;
        this.revision = base.revision();
    }

    long revision() {
        return revision;
    }

    Entry get(String key) {
        Entry pending = keys.get(key);
        if (pending != null) {
            return pending == REMOVED ? null : pending;
        }
        return base.entryUnlocked(key);
    }

    long modRevision(String key) {
        Entry entry = get(key);
        return entry == null ? 0 : entry.modRevision();
    }

    /** Present keys starting with {@code prefix}, in order. */
    Set<String> keysWithPrefix(String prefix) {
        Set<String> out = new TreeSet<>(base.keysWithPrefixUnlocked(prefix));
        keys.forEach((key, entry) -> {
            if (key.startsWith(prefix)) {
                if (entry == REMOVED) {
                    out.remove(key);
                } else {
                    out.add(key);
                }
            }
        });
        return out;
    }

    boolean leaseExists(long id) {
        Boolean pending = leases.get(id);
        return pending != null ? pending : base.leaseUnlocked(id) != null;
    }

    /** The durable state of a lease (null if it is not durable yet or gone). */
    KeySpace.LeaseState leaseState(long id) {
        return base.leaseUnlocked(id);
    }

    /** Present keys attached to lease {@code id}. */
    Set<String> keysOfLease(long id) {
        Set<String> candidates = new TreeSet<>(keys.keySet());
        KeySpace.LeaseState state = base.leaseUnlocked(id);
        if (state != null) {
            candidates.addAll(state.keys);
        }
        candidates.removeIf(key -> {
            Entry entry = get(key);
            return entry == null || entry.lease() != id;
        });
        return candidates;
    }

    void apply(Mutation m) {
        for (Mutation.Change change : m.changes()) {
            if (change instanceof Mutation.Upsert u) {
                keys.put(u.key(), u.entry());
            } else if (change instanceof Mutation.Remove r) {
                keys.put(r.key(), REMOVED);
            } else if (change instanceof Mutation.LeaseGrant g) {
                leases.put(g.id(), Boolean.TRUE);
            } else if (change instanceof Mutation.LeaseRevoke r) {
                leases.put(r.id(), Boolean.FALSE);
            }
        }
        revision = m.revision();
    }
}
