package org.atoll.kernel.internal.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.spi.store.Compare;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;
import org.atoll.spi.store.TxnResult;

/**
 * Child-JVM main for {@link EmbeddedStoreCrashTest}: opens the store and writes until killed.
 *
 * <p>Before each commit a thread prints "B thread index kind slot token lease ." and after the
 * commit returns "A thread index revision ."; each line is flushed, so the parent knows exactly
 * which operations were acknowledged and which one per thread may have been in flight.
 *
 * <p>Arguments: directory, seed, round, threads, compaction threshold in bytes.
 */
public final class StoreCrashWriter {

    private static final OutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private StoreCrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int round = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        long threshold = Long.parseLong(args[4]);
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
        say("OPENING .");
        EmbeddedStateStore store = EmbeddedStateStore.open(dir, executor,
                StoreOptions.defaults().withCompactionThresholdBytes(threshold));
        say("READY " + store.revision() + " .");
        long lease = store.grantLease(Duration.ofHours(1)).id();
        say("LEASE " + lease + " .");
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> work(store, new Random(seed * 1_000_003L + round * 101L + thread), round, thread,
                    lease), "crash-writer-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        // Killed by the parent long before this; exiting is a safety net against a stuck test.
        Thread.sleep(60_000);
        System.exit(2);
    }

    private static void work(EmbeddedStateStore store, Random random, int round, int thread, long lease) {
        try {
            for (long index = 0;; index++) {
                String token = "r" + round + "t" + thread + "i" + index;
                CrashOp op = next(random, thread, index, token, lease);
                say(op.line());
                long revision = execute(store, op, CrashValues.make(token, random));
                say("A " + thread + " " + index + " " + revision + " .");
            }
        } catch (Throwable e) {
            say("BAD " + thread + " " + e.toString().replace('\n', ' ') + " .");
            System.exit(3);
        }
    }

    private static CrashOp next(Random random, int thread, long index, String token, long lease) {
        int roll = random.nextInt(100);
        CrashOp.Kind kind;
        if (roll < 35) {
            kind = CrashOp.Kind.PUT;
        } else if (roll < 55) {
            kind = CrashOp.Kind.PAIR;
        } else if (roll < 65) {
            kind = CrashOp.Kind.DEL;
        } else if (roll < 70) {
            kind = CrashOp.Kind.DELPAIR;
        } else if (roll < 80) {
            kind = CrashOp.Kind.LPUT;
        } else if (roll < 87) {
            kind = CrashOp.Kind.CAS;
        } else if (roll < 90) {
            kind = CrashOp.Kind.DELPREFIX;
        } else {
            kind = CrashOp.Kind.CASPAIR;
        }
        int slots = kind == CrashOp.Kind.PUT || kind == CrashOp.Kind.DEL ? 20 : kind == CrashOp.Kind.LPUT ? 5 : 10;
        return new CrashOp(kind, thread, index, random.nextInt(slots), token, kind == CrashOp.Kind.LPUT ? lease : 0);
    }

    private static long execute(EmbeddedStateStore store, CrashOp op, byte[] value) {
        int t = op.thread();
        int s = op.slot();
        TxnResult result = switch (op.kind()) {
            case PUT -> store.commit(Txn.of(Op.put(CrashOp.single(t, s), value)));
            case PAIR -> store.commit(Txn.of(Op.put(CrashOp.pairA(t, s), value), Op.put(CrashOp.pairB(t, s), value)));
            case DEL -> store.commit(Txn.of(Op.delete(CrashOp.single(t, s))));
            case DELPAIR -> store.commit(Txn.of(Op.delete(CrashOp.pairA(t, s)), Op.delete(CrashOp.pairB(t, s))));
            case LPUT -> store.commit(Txn.of(Op.put(CrashOp.leased(t, s), value, op.lease())));
            case CAS -> {
                long mod = store.get(CrashOp.counter(t)).map(KeyValue::modRevision).orElse(0L);
                yield store.commit(Txn.when(Compare.modRevision(CrashOp.counter(t), mod))
                        .then(Op.put(CrashOp.counter(t), value)));
            }
            case DELPREFIX -> store.commit(Txn.of(Op.deletePrefix(CrashOp.deletedPrefix(t))));
            case CASPAIR -> {
                Optional<KeyValue> a = store.get(CrashOp.pairA(t, s));
                yield store.commit(Txn.when(Compare.modRevision(CrashOp.pairA(t, s), a.map(KeyValue::modRevision).orElse(0L)))
                        .then(Op.put(CrashOp.pairA(t, s), value), Op.put(CrashOp.pairB(t, s), value)));
            }
        };
        if (!result.succeeded()) {
            throw new IllegalStateException("compare failed for " + op + " although only this thread writes its keys");
        }
        return result.revision();
    }

    private static void say(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
                OUT.flush();
            } catch (IOException e) {
                System.exit(4);
            }
        }
    }
}
