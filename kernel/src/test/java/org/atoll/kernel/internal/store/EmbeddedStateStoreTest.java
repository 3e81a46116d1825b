package org.atoll.kernel.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.atoll.spi.ProviderStatus;
import org.atoll.spi.store.CompactedException;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Lease;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.StoreException;
import org.atoll.spi.store.Txn;
import org.atoll.spi.store.Watch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract, plus what only a store on disk has: restarts, the lock, leases across restarts. */
@SuppressWarnings("try") // watches opened only to be closed at the end of a block
class EmbeddedStateStoreTest extends StateStoreContract {

    static final int HISTORY = 50;

    @TempDir
    Path dir;

    final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "store-test-executor");
        t.setDaemon(true);
        return t;
    });

    static StoreOptions testOptions() {
        return StoreOptions.defaults().withHistoryRevisions(HISTORY).withLeaseCheckPeriod(Duration.ofMillis(20));
    }

    @Override
    protected StateStore openStore() {
        return EmbeddedStateStore.open(dir, executor, testOptions());
    }

    @Override
    protected int retainedHistoryRevisions() {
        return HISTORY;
    }

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    EmbeddedStateStore embedded() {
        return (EmbeddedStateStore) store;
    }

    EmbeddedStateStore reopen() {
        embedded().close();
        store = EmbeddedStateStore.open(dir, executor, testOptions());
        return embedded();
    }

    @Test
    void describesItself() {
        assertEquals("embedded", store.info().name());
        assertTrue(store.supports(StateStore.CAP_WATCH));
        assertTrue(store.supports(StateStore.CAP_LEASES));
        assertFalse(store.supports(StateStore.CAP_SHARED));
        assertEquals(ProviderStatus.State.UP, store.status().state());
    }

    @Test
    void reopenKeepsDataRevisionAndCounters() {
        store.put("/a", bytes("1"));
        store.put("/a", bytes("2"));
        store.commit(Txn.of(Op.put("/b", "x"), Op.put("/c", "y")));
        store.delete("/c");
        List<KeyValue> before = store.list("");
        long revision = store.revision();
        reopen();
        assertEquals(revision, store.revision());
        assertEquals(before, store.list(""));
        assertEquals(revision + 1, store.put("/a", bytes("3")));
        assertEquals(3, mustGet("/a").version());
    }

    @Test
    void afterReopenHistoryStartsAtTheCurrentRevision() {
        store.put("/w/1", bytes("1"));
        store.put("/w/2", bytes("2"));
        reopen();
        WatchRecorder old = new WatchRecorder();
        store.watch("/w/", 1, old);
        old.awaitError();
        CompactedException compacted = assertInstanceOf(CompactedException.class, old.errors.get(0));
        assertEquals(2, compacted.compactRevision());

        WatchRecorder current = new WatchRecorder();
        try (Watch watch = store.watch("/w/", store.revision(), current)) {
            store.put("/w/3", bytes("3"));
            current.awaitEvents(1);
            assertEquals(List.of("PUT /w/3@3"), current.summary());
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() throws Exception {
        StoreException e = assertThrows(StoreException.class, () -> EmbeddedStateStore.open(dir, executor, testOptions()));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.getFileName().toString()), e.getMessage());

        Process other = ChildJvm.start(StoreLockProbe.class, dir.toString());
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        String output = new String(other.getInputStream().readAllBytes()).trim();
        assertTrue(output.startsWith("REFUSED") && output.contains("already open"), output);

        embedded().close();
        Process after = ChildJvm.start(StoreLockProbe.class, dir.toString());
        assertTrue(after.waitFor(60, TimeUnit.SECONDS));
        assertEquals("OPENED", new String(after.getInputStream().readAllBytes()).trim());
        store = EmbeddedStateStore.open(dir, executor, testOptions());
    }

    @Test
    void leasedKeysComeBackAfterReopenWithAFreshTtl() {
        Lease lease = store.grantLease(Duration.ofMillis(1500));
        store.commit(Txn.of(Op.put("/lk", bytes("v"), lease.id())));
        embedded().close();
        long reopenAfter = System.nanoTime() + Duration.ofMillis(2000).toNanos();
        WatchRecorder.await("the original TTL to pass", Duration.ofSeconds(5), () -> System.nanoTime() - reopenAfter > 0);
        store = EmbeddedStateStore.open(dir, executor, testOptions());
        long reopened = System.nanoTime();
        KeyValue kv = mustGet("/lk");
        assertEquals(lease.id(), kv.lease());
        store.keepAlive(lease.id());
        WatchRecorder.await("the lease to expire after its fresh TTL", () -> store.get("/lk").isEmpty());
        long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reopened);
        assertTrue(lived >= 1400, "expired " + lived + " ms after reopening, before a full TTL");
    }

    /**
     * A node's heartbeat after a crash: the dead process's lease comes back with a fresh TTL, the new
     * process puts the same key on a lease of its own, and the old lease's expiry must not take the key.
     */
    @Test
    void aKeyMovedToANewLeaseAfterReopenSurvivesTheOldLeaseExpiring() {
        Lease old = store.grantLease(Duration.ofMillis(500));
        store.commit(Txn.of(Op.put("/alive/n1", bytes("old"), old.id())));
        reopen();
        Lease fresh = store.grantLease(Duration.ofSeconds(30));
        store.commit(Txn.of(Op.put("/alive/n1", bytes("new"), fresh.id())));
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        WatchRecorder.await("the old lease's TTL to pass", Duration.ofSeconds(5), () -> System.nanoTime() - until > 0);
        assertEquals("new", mustGet("/alive/n1").valueAsString());
        assertEquals(fresh.id(), mustGet("/alive/n1").lease());
    }

    @Test
    void revokedAndExpiredLeasesStayGoneAfterReopen() {
        Lease revoked = store.grantLease(Duration.ofMinutes(1));
        Lease kept = store.grantLease(Duration.ofMinutes(1));
        store.commit(Txn.of(Op.put("/x", bytes("1"), revoked.id()), Op.put("/y", bytes("2"), kept.id())));
        store.revokeLease(revoked.id());
        reopen();
        assertTrue(store.get("/x").isEmpty());
        assertEquals(kept.id(), mustGet("/y").lease());
        store.keepAlive(kept.id());
        assertThrows(org.atoll.spi.store.LeaseNotFoundException.class, () -> store.keepAlive(revoked.id()));
    }

    @Test
    void closingEndsWatchesAndRefusesCalls() {
        WatchRecorder recorder = new WatchRecorder();
        store.watch("/", 0, recorder);
        embedded().close();
        embedded().close();
        recorder.awaitError();
        assertInstanceOf(StoreException.class, recorder.errors.get(0));
        assertEquals(ProviderStatus.State.DOWN, store.status().state());
        StoreException e = assertThrows(StoreException.class, () -> store.put("/a", bytes("1")));
        assertTrue(e.retryable());
        assertThrows(StoreException.class, () -> store.get("/a"));
        assertThrows(StoreException.class, () -> store.watch("/", 0, recorder));
    }

    @Test
    void theOnlyThreadItCreatesIsTheWriterAndCloseStopsIt(@TempDir Path other) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedStateStore second = EmbeddedStateStore.open(other, executor, testOptions());
        second.put("/x", bytes("1"));
        Set<Thread> created = new HashSet<>(Thread.getAllStackTraces().keySet());
        created.removeAll(before);
        created.removeIf(t -> t.getName().equals("store-test-executor"));
        assertEquals(1, created.size(), created.toString());
        Thread writer = created.iterator().next();
        assertEquals(CommitPipeline.THREAD_NAME, writer.getName());
        assertTrue(writer.isDaemon());
        second.close();
        WatchRecorder.await("the writer thread to end", () -> !writer.isAlive());
    }

    @Test
    void watchDeliveryUsesTheGivenExecutor() {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch watch = store.watch("/", 0, recorder)) {
            store.put("/e", bytes("1"));
            recorder.awaitEvents(1);
            assertEquals(Set.of("store-test-executor"), recorder.threads);
        }
    }

    @Test
    void aListenerThatThrowsEndsOnlyItsOwnWatch() {
        AtomicInteger calls = new AtomicInteger();
        WatchRecorder failing = new WatchRecorder() {
            @Override
            public void onEvents(List<org.atoll.spi.store.WatchEvent> events) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }
        };
        WatchRecorder healthy = new WatchRecorder();
        try (Watch a = store.watch("/t/", 0, failing); Watch b = store.watch("/t/", 0, healthy)) {
            store.put("/t/1", bytes("1"));
            store.put("/t/2", bytes("2"));
            healthy.awaitEvents(2);
            failing.awaitError();
            assertEquals(1, calls.get());
            assertEquals("listener bug", failing.errors.get(0).getMessage());
        }
    }
}
