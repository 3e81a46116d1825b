package org.atoll.kernel.internal.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Listing;

/**
 * The committed, durable state that readers see: keys, revision and leases.
 *
 * <p>Only the writer thread changes it, and only with mutations that are already forced to disk,
 * so a reader never sees a change that a crash could take back. Readers take a read lock that the
 * writer holds only while applying a batch in memory, never during I/O. Methods named
 * {@code …Unlocked} are for the writer thread (the only mutator) and for recovery.
 */
final class KeySpace {

    /** A lease and the keys attached to it. The deadline is not persisted: a restart grants a full TTL. */
    static final class LeaseState {
        final long ttlMillis;
        volatile long deadlineNanos;
        final Set<String> keys = new HashSet<>();

        LeaseState(long ttlMillis, long nowNanos) {
            this.ttlMillis = ttlMillis;
            renew(nowNanos);
        }

        void renew(long nowNanos) {
            deadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(ttlMillis);
        }
    }

    /** A point-in-time copy for a snapshot; entries are shared, not copied. */
    record Image(long revision, NavigableMap<String, Entry> entries, Map<Long, Long> leaseTtls) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final Map<Long, LeaseState> leases = new HashMap<>();
    private volatile long revision;

    static KeySpace fromImage(Image image, long nowNanos) {
        KeySpace space = new KeySpace();
        space.revision = image.revision();
        image.leaseTtls().forEach((id, ttl) -> space.leases.put(id, new LeaseState(ttl, nowNanos)));
        for (Map.Entry<String, Entry> e : image.entries().entrySet()) {
            long lease = e.getValue().lease();
            if (lease != 0) {
                LeaseState state = space.leases.get(lease);
                if (state == null) {
                    throw new IllegalStateException("key '" + e.getKey() + "' refers to unknown lease " + Long.toHexString(lease));
                }
                state.keys.add(e.getKey());
            }
            space.entries.put(e.getKey(), e.getValue());
        }
        return space;
    }

    long revision() {
        return revision;
    }

    KeyValue get(String key) {
        lock.readLock().lock();
        try {
            Entry entry = entries.get(key);
            return entry == null ? null : entry.toKeyValue(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The keys under {@code prefix} and the revision they reflect, read under one lock. */
    Listing scan(String prefix) {
        lock.readLock().lock();
        try {
            List<KeyValue> out = new ArrayList<>();
            for (Map.Entry<String, Entry> e : entries.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                out.add(e.getValue().toKeyValue(e.getKey()));
            }
            return new Listing(out, revision);
        } finally {
            lock.readLock().unlock();
        }
    }

    List<KeyValue> list(String prefix) {
        return scan(prefix).kvs();
    }

    /** Restarts a lease's TTL; false if there is no such lease. */
    boolean keepAlive(long leaseId, long nowNanos) {
        lock.readLock().lock();
        try {
            LeaseState state = leases.get(leaseId);
            if (state == null) {
                return false;
            }
            state.renew(nowNanos);
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    List<Long> expiredLeases(long nowNanos) {
        lock.readLock().lock();
        try {
            List<Long> out = new ArrayList<>();
            leases.forEach((id, state) -> {
                if (nowNanos - state.deadlineNanos >= 0) {
                    out.add(id);
                }
            });
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    Entry entryUnlocked(String key) {
        return entries.get(key);
    }

    /** Keys starting with {@code prefix}, in order. */
    List<String> keysWithPrefixUnlocked(String prefix) {
        List<String> out = new ArrayList<>();
        for (String key : entries.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            out.add(key);
        }
        return out;
    }

    LeaseState leaseUnlocked(long id) {
        return leases.get(id);
    }

    int keyCountUnlocked() {
        return entries.size();
    }

    /** Copies the state for a snapshot; O(n) in memory, no I/O. Writer thread only. */
    Image imageUnlocked() {
        Map<Long, Long> ttls = new HashMap<>();
        leases.forEach((id, state) -> ttls.put(id, state.ttlMillis));
        return new Image(revision, new TreeMap<>(entries), ttls);
    }

    /** Applies durable mutations atomically with respect to readers. */
    void apply(List<Mutation> mutations, long nowNanos) {
        lock.writeLock().lock();
        try {
            for (Mutation m : mutations) {
                applyOne(m, nowNanos);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies one mutation, checking that it fits the current state; the checks matter on replay,
     * where a record that passed its checksum but does not fit means the files are inconsistent.
     *
     * @throws IllegalStateException describing the mismatch; the state is then unusable
     */
    void applyOne(Mutation m, long nowNanos) {
        long expected = m.changesKeys() ? revision + 1 : revision;
        if (m.revision() != expected) {
            throw new IllegalStateException("record has revision " + m.revision() + " but " + expected + " was expected");
        }
        for (Mutation.Change change : m.changes()) {
            if (change instanceof Mutation.Upsert u) {
                if (u.entry().modRevision() != m.revision()) {
                    throw new IllegalStateException("key '" + u.key() + "' has mod revision " + u.entry().modRevision()
                            + " in a record of revision " + m.revision());
                }
                detach(u.key(), entries.put(u.key(), u.entry()));
                long lease = u.entry().lease();
                if (lease != 0) {
                    LeaseState state = leases.get(lease);
                    if (state == null) {
                        throw new IllegalStateException("key '" + u.key() + "' refers to unknown lease " + Long.toHexString(lease));
                    }
                    state.keys.add(u.key());
                }
            } else if (change instanceof Mutation.Remove r) {
                detach(r.key(), entries.remove(r.key()));
            } else if (change instanceof Mutation.LeaseGrant g) {
                leases.put(g.id(), new LeaseState(g.ttlMillis(), nowNanos));
            } else if (change instanceof Mutation.LeaseRevoke r) {
                LeaseState state = leases.remove(r.id());
                if (state != null && !state.keys.isEmpty()) {
                    throw new IllegalStateException("lease " + Long.toHexString(r.id()) + " revoked with keys still attached");
                }
            }
        }
        revision = m.revision();
    }

    private void detach(String key, Entry previous) {
        if (previous != null && previous.lease() != 0) {
            LeaseState state = leases.get(previous.lease());
            if (state != null) {
                state.keys.remove(key);
            }
        }
    }
}
