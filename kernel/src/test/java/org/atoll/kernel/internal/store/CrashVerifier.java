package org.atoll.kernel.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.spi.store.KeyValue;

/**
 * The parent side of {@link EmbeddedStoreCrashTest}: keeps the expected contents across rounds and,
 * after each kill, reopens the store and compares it with what the writer acknowledged.
 */
final class CrashVerifier {

    private final ScheduledExecutorService executor;
    private final StoreOptions options;
    private final Map<String, CrashOp.Expect> model = new TreeMap<>();
    private final Set<Long> snapshotsSeen = new HashSet<>();
    private long verifiedRevision;
    private long ackedOps;
    private long ackedKeysChecked;
    private int tornTails;
    private int inFlightApplied;
    private int inFlightAbsent;
    private int interruptedCompactions;

    CrashVerifier(ScheduledExecutorService executor, StoreOptions options) {
        this.executor = executor;
        this.options = options;
    }

    long ackedOps() {
        return ackedOps;
    }

    String summary() {
        return ackedOps + " acknowledged operations, " + ackedKeysChecked + " acknowledged key states checked, "
                + tornTails + " torn tails truncated, in-flight operations found applied " + inFlightApplied
                + " / absent " + inFlightAbsent + ", " + interruptedCompactions + " reopenings cleaned up after an"
                + " interrupted compaction, " + snapshotsSeen.size() + " snapshot generations loaded, final revision "
                + verifiedRevision;
    }

    /** Checks the store in {@code dir} against the model plus the writer's output, then adopts what it holds. */
    void verify(Path dir, List<String> lines) {
        Map<Integer, TreeMap<Long, CrashOp>> begun = new HashMap<>();
        Map<String, Long> acks = new HashMap<>();
        long maxAck = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            if (!line.endsWith(" .")) {
                continue; // cut by the kill; only whole lines were flushed before the action they announce
            }
            if (f[0].equals("B")) {
                CrashOp op = CrashOp.parse(f);
                begun.computeIfAbsent(op.thread(), t -> new TreeMap<>()).put(op.index(), op);
            } else if (f[0].equals("A")) {
                long revision = Long.parseLong(f[3]);
                acks.put(f[1] + ":" + f[2], revision);
                maxAck = Math.max(maxAck, revision);
            }
        }

        Map<String, CrashOp.Expect> expected = new TreeMap<>(model);
        List<CrashOp> inFlight = new ArrayList<>();
        for (TreeMap<Long, CrashOp> ops : begun.values()) {
            for (CrashOp op : ops.values()) {
                Long revision = acks.get(op.thread() + ":" + op.index());
                if (revision != null) {
                    Map<String, CrashOp.Expect> effects = op.effects(expected, Set.of(), revision);
                    expected.putAll(effects);
                    ackedOps++;
                    ackedKeysChecked += effects.size();
                } else {
                    assertEquals(ops.lastKey(), op.index(), "an unacknowledged operation was followed by another: " + op);
                    inFlight.add(op);
                }
            }
        }

        try (EmbeddedStateStore store = EmbeddedStateStore.open(dir, executor, options)) {
            RecoveryReport report = store.recoveryReport();
            if (report.truncatedTornTail()) {
                tornTails++;
            }
            snapshotsSeen.add(report.snapshotGeneration());
            if (report.leftoversDeleted() > 0) {
                interruptedCompactions++;
            }
            Map<String, KeyValue> actual = new TreeMap<>();
            store.list("/crash/").forEach(kv -> actual.put(kv.key(), kv));
            long revision = store.revision();

            assertTrue(revision >= maxAck, "store revision " + revision + " is behind an acknowledged one, " + maxAck);
            assertTrue(revision >= verifiedRevision, "store revision went back from " + verifiedRevision + " to " + revision);
            checkInvariants(store, actual, revision);

            Set<String> undecided = new TreeSet<>();
            for (CrashOp op : inFlight) {
                Map<String, CrashOp.Expect> after = op.effects(expected, actual.keySet(), 0);
                boolean applied = after.entrySet().stream().allMatch(e -> matches(e.getValue(), actual.get(e.getKey())));
                boolean absent = after.keySet().stream().allMatch(k -> matches(expected.get(k), actual.get(k)));
                assertTrue(applied || absent, "unacknowledged " + op + " is partly applied: "
                        + describe(after.keySet(), expected, actual));
                if (applied && !absent) {
                    inFlightApplied++;
                } else if (absent && !applied) {
                    inFlightAbsent++;
                }
                undecided.addAll(after.keySet());
            }
            Set<String> keys = new TreeSet<>(expected.keySet());
            keys.addAll(actual.keySet());
            keys.removeAll(undecided);
            for (String key : keys) {
                assertTrue(matches(expected.get(key), actual.get(key)), "acknowledged state lost: "
                        + describe(Set.of(key), expected, actual));
            }

            model.clear();
            actual.forEach((key, kv) -> model.put(key,
                    new CrashOp.Expect(CrashValues.token(key, kv.value()), kv.lease(), kv.modRevision())));
            verifiedRevision = revision;
        }
    }

    /** What must hold whatever was acknowledged: intact values, sane counters, live leases, whole pairs. */
    private static void checkInvariants(EmbeddedStateStore store, Map<String, KeyValue> actual, long revision) {
        for (KeyValue kv : actual.values()) {
            CrashValues.token(kv.key(), kv.value());
            assertTrue(kv.version() >= 1 && kv.createRevision() <= kv.modRevision() && kv.modRevision() <= revision,
                    "inconsistent counters on " + kv.key() + ": create " + kv.createRevision() + " mod "
                            + kv.modRevision() + " version " + kv.version() + ", store revision " + revision);
            if (kv.lease() != 0) {
                store.keepAlive(kv.lease());
            }
            if (kv.key().startsWith("/crash/a/")) {
                KeyValue pair = actual.get(kv.key().replace("/crash/a/", "/crash/b/"));
                assertTrue(pair != null && pair.modRevision() == kv.modRevision()
                        && CrashValues.token(pair.key(), pair.value()).equals(CrashValues.token(kv.key(), kv.value())),
                        "half of a two-key transaction: " + kv.key() + " without its pair");
            }
        }
        for (String key : actual.keySet()) {
            if (key.startsWith("/crash/b/")) {
                assertTrue(actual.containsKey(key.replace("/crash/b/", "/crash/a/")), "half of a two-key transaction: " + key);
            }
        }
    }

    private static boolean matches(CrashOp.Expect expect, KeyValue kv) {
        if (expect == null || expect.token() == null) {
            return kv == null;
        }
        return kv != null && expect.token().equals(CrashValues.token(kv.key(), kv.value())) && expect.lease() == kv.lease()
                && (expect.modRevision() == 0 || expect.modRevision() == kv.modRevision());
    }

    private static String describe(Set<String> keys, Map<String, CrashOp.Expect> expected, Map<String, KeyValue> actual) {
        StringBuilder out = new StringBuilder();
        for (String key : keys) {
            KeyValue kv = actual.get(key);
            out.append(key).append(" expected ").append(expected.get(key)).append(" found ")
                    .append(kv == null ? "nothing" : CrashValues.token(key, kv.value()) + "@" + kv.modRevision()
                            + " lease " + kv.lease())
                    .append("; ");
        }
        return out.toString();
    }
}
