package org.atoll.kernel.internal.store;

import java.util.ArrayList;
import java.util.List;

import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.WatchEvent;

/**
 * The resolved effect of one request: what one log record holds.
 *
 * <p>The log stores effects, not the requested transaction, so replay never re-evaluates
 * comparisons or expands prefixes: it only re-applies what was decided, and can check that the
 * revisions line up.
 *
 * @param revision the store revision after the mutation: one more than before if it changes a
 *                 key, unchanged if it only grants or revokes a lease
 */
record Mutation(long revision, List<Change> changes) {

    Mutation {
        changes = List.copyOf(changes);
    }

    /** One effect inside a mutation. */
    sealed interface Change {
    }

    /** Sets a key to a complete entry (its counters already computed). */
    record Upsert(String key, Entry entry) implements Change {
    }

    /** Removes a key. */
    record Remove(String key) implements Change {
    }

    record LeaseGrant(long id, long ttlMillis) implements Change {
    }

    /** Drops a lease; its keys are removed by {@link Remove} changes earlier in the same mutation. */
    record LeaseRevoke(long id) implements Change {
    }

    boolean changesKeys() {
        for (Change change : changes) {
            if (change instanceof Upsert || change instanceof Remove) {
                return true;
            }
        }
        return false;
    }

    /** The watch events of this mutation, in the order of its changes. */
    List<WatchEvent> events() {
        List<WatchEvent> events = new ArrayList<>();
        for (Change change : changes) {
            if (change instanceof Upsert u) {
                events.add(new WatchEvent(WatchEvent.Type.PUT, u.entry().toKeyValue(u.key())));
            } else if (change instanceof Remove r) {
                events.add(new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(r.key(), null, 0, revision, 0, 0)));
            }
        }
        return events;
    }
}
