package org.atoll.kernel.internal.store;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One operation of the crash workload, as the child announces it ("B" line) before committing.
 * Thread {@code t} only touches keys under its own namespace, and runs its operations one after
 * another, so at most one of its operations can be in flight when the child is killed.
 */
record CrashOp(Kind kind, int thread, long index, int slot, String token, long lease) {

    enum Kind {
        PUT, PAIR, DEL, DELPAIR, LPUT, CAS, DELPREFIX, CASPAIR
    }

    /** What a key should hold: a value token (null = absent), its lease, and its mod revision if known (0 = unknown). */
    record Expect(String token, long lease, long modRevision) {
        static final Expect ABSENT = new Expect(null, 0, 0);
    }

    static String single(int thread, int slot) {
        return "/crash/s/" + thread + "/" + slot;
    }

    static String pairA(int thread, int slot) {
        return "/crash/a/" + thread + "/" + slot;
    }

    static String pairB(int thread, int slot) {
        return "/crash/b/" + thread + "/" + slot;
    }

    static String leased(int thread, int slot) {
        return "/crash/l/" + thread + "/" + slot;
    }

    static String counter(int thread) {
        return "/crash/c/" + thread;
    }

    static String deletedPrefix(int thread) {
        return "/crash/s/" + thread + "/1";
    }

    String line() {
        return "B " + thread + " " + index + " " + kind + " " + slot + " " + token + " " + lease + " .";
    }

    static CrashOp parse(String[] f) {
        return new CrashOp(Kind.valueOf(f[3]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[4]), f[5],
                Long.parseLong(f[6]));
    }

    /**
     * The keys this operation sets and what they become, given the state before it ({@code model},
     * plus the keys actually present, for the prefix delete).
     */
    Map<String, Expect> effects(Map<String, Expect> model, Set<String> present, long revision) {
        Map<String, Expect> out = new java.util.TreeMap<>();
        Expect value = new Expect(token, 0, revision);
        switch (kind) {
            case PUT -> out.put(single(thread, slot), value);
            case PAIR, CASPAIR -> {
                out.put(pairA(thread, slot), value);
                out.put(pairB(thread, slot), value);
            }
            case DEL -> out.put(single(thread, slot), Expect.ABSENT);
            case DELPAIR -> {
                out.put(pairA(thread, slot), Expect.ABSENT);
                out.put(pairB(thread, slot), Expect.ABSENT);
            }
            case LPUT -> out.put(leased(thread, slot), new Expect(token, lease, revision));
            case CAS -> out.put(counter(thread), value);
            case DELPREFIX -> {
                Set<String> keys = new TreeSet<>(present);
                keys.addAll(model.keySet());
                for (String key : keys) {
                    if (key.startsWith(deletedPrefix(thread))) {
                        out.put(key, Expect.ABSENT);
                    }
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return out;
    }

    /** The thread whose namespace {@code key} is in. */
    static int ownerOf(String key) {
        return Integer.parseInt(key.split("/")[3]);
    }
}
