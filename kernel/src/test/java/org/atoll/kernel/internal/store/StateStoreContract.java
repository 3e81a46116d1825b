package org.atoll.kernel.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.store.CompactedException;
import org.atoll.spi.store.Compare;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Listing;
import org.atoll.spi.store.Lease;
import org.atoll.spi.store.LeaseNotFoundException;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Txn;
import org.atoll.spi.store.TxnResult;
import org.atoll.spi.store.Watch;
import org.atoll.spi.store.WatchEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do, whatever keeps the data. A store implementation's test
 * extends this and supplies a fresh, empty store.
 */
@SuppressWarnings("try") // watches opened only to be closed at the end of a block
public abstract class StateStoreContract {

    protected StateStore store;

    /** A new, empty store whose leases are checked often (within ~100 ms). */
    protected abstract StateStore openStore() throws Exception;

    /** How many past revisions the store from {@link #openStore} keeps for watches, at most. */
    protected abstract int retainedHistoryRevisions();

    protected void closeStore(StateStore s) throws Exception {
        if (s instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    void openTheStore() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() throws Exception {
        closeStore(store);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    protected KeyValue mustGet(String key) {
        return store.get(key).orElseThrow(() -> new AssertionError("missing key " + key));
    }

    @Test
    void freshStoreIsEmpty() {
        assertEquals(0, store.revision());
        assertTrue(store.get("/a").isEmpty());
        assertTrue(store.list("").isEmpty());
    }

    @Test
    void putAssignsRevisionsAndVersions() {
        assertEquals(1, store.put("/a", bytes("1")));
        assertEquals(2, store.put("/b", bytes("2")));
        assertEquals(3, store.put("/a", bytes("3")));
        KeyValue a = mustGet("/a");
        assertEquals("3", a.valueAsString());
        assertEquals(1, a.createRevision());
        assertEquals(3, a.modRevision());
        assertEquals(2, a.version());
        assertEquals(0, a.lease());
        assertEquals(3, store.revision());
    }

    @Test
    void putIfSucceedsOnlyOnTheCurrentModRevision() {
        assertTrue(store.putIf("/k", bytes("v1"), 0));
        assertFalse(store.putIf("/k", bytes("v2"), 0), "absent-only write must fail on an existing key");
        long rev = mustGet("/k").modRevision();
        assertFalse(store.putIf("/k", bytes("v2"), rev + 7));
        assertEquals("v1", mustGet("/k").valueAsString());
        assertTrue(store.putIf("/k", bytes("v3"), rev));
        assertEquals("v3", mustGet("/k").valueAsString());
    }

    @Test
    void failedCompareAppliesNothingAndReportsCurrentRevision() {
        store.put("/x", bytes("1"));
        long before = store.revision();
        TxnResult result = store.commit(Txn.when(Compare.modRevision("/x", 99))
                .then(Op.put("/x", "2"), Op.put("/y", "2"), Op.delete("/x")));
        assertFalse(result.succeeded());
        assertEquals(before, result.revision());
        assertEquals(before, store.revision());
        assertEquals("1", mustGet("/x").valueAsString());
        assertTrue(store.get("/y").isEmpty());
    }

    @Test
    void absentAndExistsComparesTestPresence() {
        assertFalse(store.commit(Txn.when(Compare.exists("/e")).then(Op.put("/r", "x"))).succeeded());
        assertTrue(store.commit(Txn.when(Compare.absent("/e")).then(Op.put("/e", "x"))).succeeded());
        assertFalse(store.commit(Txn.when(Compare.absent("/e")).then(Op.put("/r", "x"))).succeeded());
        assertTrue(store.commit(Txn.when(Compare.exists("/e"), Compare.absent("/r")).then(Op.put("/r", "y"))).succeeded());
        assertEquals("y", mustGet("/r").valueAsString());
    }

    @Test
    void multiKeyTransactionAppliesAtOneRevision() {
        TxnResult result = store.commit(Txn.of(Op.put("/m/1", "a"), Op.put("/m/2", "b"), Op.put("/m/3", "c")));
        assertTrue(result.succeeded());
        assertEquals(1, result.revision());
        for (KeyValue kv : store.list("/m/")) {
            assertEquals(1, kv.modRevision(), kv.key());
            assertEquals(1, kv.createRevision(), kv.key());
        }
        assertEquals(3, store.list("/m/").size());
    }

    @Test
    void deletePrefixRemovesOnlyMatchingKeysAtOneRevision() {
        store.commit(Txn.of(Op.put("/p/a", "1"), Op.put("/p/b", "2"), Op.put("/pq", "3"), Op.put("/o", "4")));
        TxnResult result = store.commit(Txn.of(Op.deletePrefix("/p/")));
        assertEquals(2, result.revision());
        assertEquals(List.of("/o", "/pq"), keys(store.list("")));
        assertEquals(2, store.revision());
    }

    @Test
    void listIsSortedByKeyAndBoundedByPrefix() {
        for (String key : List.of("/b/2", "/a", "/b/10", "/b", "/b/1", "/ba", "/c")) {
            store.put(key, bytes(key));
        }
        assertEquals(List.of("/a", "/b", "/b/1", "/b/10", "/b/2", "/ba", "/c"), keys(store.list("")));
        assertEquals(List.of("/b/1", "/b/10", "/b/2"), keys(store.list("/b/")));
        assertEquals(List.of("/b", "/b/1", "/b/10", "/b/2", "/ba"), keys(store.list("/b")));
        assertTrue(store.list("/zz").isEmpty());
    }

    @Test
    void deleteReportsExistenceAndRecreationRestartsCounters() {
        store.put("/d", bytes("1"));
        store.put("/d", bytes("2"));
        assertTrue(store.delete("/d"));
        assertFalse(store.delete("/d"));
        assertTrue(store.get("/d").isEmpty());
        long rev = store.put("/d", bytes("3"));
        KeyValue kv = mustGet("/d");
        assertEquals(rev, kv.createRevision());
        assertEquals(1, kv.version());
    }

    @Test
    void transactionsThatChangeNothingDoNotAdvanceTheRevision() {
        store.put("/n", bytes("1"));
        long rev = store.revision();
        TxnResult deleteAbsent = store.commit(Txn.of(Op.delete("/absent")));
        assertTrue(deleteAbsent.succeeded());
        assertEquals(rev, deleteAbsent.revision());
        assertTrue(store.commit(Txn.of(Op.deletePrefix("/nothing/"))).succeeded());
        assertTrue(store.commit(Txn.of()).succeeded());
        TxnResult readOnly = store.commit(Txn.when(Compare.exists("/n")).then(List.of()));
        assertTrue(readOnly.succeeded());
        assertEquals(rev, readOnly.revision());
        assertEquals(rev, store.revision());
    }

    @Test
    void invalidKeysAreRejectedWithTheirName() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> store.put("", bytes("x")));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> store.put("/a\0b", bytes("x")));
        assertTrue(nul.getMessage().contains("/a"), nul.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.get("/bad\0"));
        assertThrows(IllegalArgumentException.class,
                () -> store.commit(Txn.when(Compare.absent("\0")).then(Op.put("/ok", "x"))));
        assertEquals(0, store.revision());
    }

    @Test
    void watchDeliversPastThenLiveEventsInRevisionOrderOnStoreThreads() {
        store.put("/w/a", bytes("1"));                                     // rev 1
        store.put("/w/b", bytes("2"));                                     // rev 2
        store.commit(Txn.of(Op.put("/w/a", "3"), Op.delete("/w/b")));      // rev 3
        WatchRecorder recorder = new WatchRecorder();
        try (Watch watch = store.watch("/w/", 1, recorder)) {
            recorder.awaitEvents(3);
            store.put("/w/c", bytes("4"));                                 // rev 4
            store.commit(Txn.of(Op.deletePrefix("/w/")));                  // rev 5
            recorder.awaitEvents(6);
            assertEquals(List.of("PUT /w/b@2", "PUT /w/a@3", "DELETE /w/b@3", "PUT /w/c@4",
                    "DELETE /w/a@5", "DELETE /w/c@5"), sortedWithinRevision(recorder.summary()));
            for (List<WatchEvent> batch : recorder.batches) {
                long first = batch.get(0).kv().modRevision();
                long last = batch.get(batch.size() - 1).kv().modRevision();
                assertTrue(first <= last, "a batch is in revision order");
            }
            WatchEvent deletion = recorder.events().get(2);
            assertEquals(WatchEvent.Type.DELETE, deletion.type());
            assertEquals(0, deletion.kv().valueLength());
            assertFalse(recorder.threads.contains(Thread.currentThread().getName()), "delivered on the caller's thread");
            assertFalse(recorder.overlapped(), "listener calls overlapped");
            assertTrue(recorder.errors.isEmpty());
        }
    }

    @Test
    void scanGivesTheRevisionToWatchFromWithoutGapsOrRepeats() {
        store.put("/s/a", bytes("1"));
        store.put("/other", bytes("x"));
        store.put("/s/b", bytes("2"));
        Listing listing = store.scan("/s/");
        assertEquals(List.of("/s/a", "/s/b"), listing.kvs().stream().map(KeyValue::key).toList());
        assertEquals(store.revision(), listing.revision());
        assertEquals(listing.kvs(), store.list("/s/"));

        WatchRecorder recorder = new WatchRecorder();
        try (Watch watch = store.watch("/s/", listing.revision(), recorder)) {
            store.put("/s/c", bytes("3"));
            recorder.awaitEvents(1);
            assertEquals(List.of("PUT /s/c@" + store.revision()), recorder.summary());
        }
    }

    @Test
    void watchSeesOnlyItsPrefix() {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch watch = store.watch("/in/", store.revision(), recorder)) {
            store.put("/out/x", bytes("1"));
            store.put("/in", bytes("1"));
            store.put("/in/x", bytes("2"));
            recorder.awaitEvents(1);
            store.put("/in/y", bytes("3"));
            recorder.awaitEvents(2);
            assertEquals(List.of("PUT /in/x@3", "PUT /in/y@4"), recorder.summary());
        }
    }

    @Test
    void watchFromACompactedRevisionFails() {
        int writes = retainedHistoryRevisions() + 5;
        for (int i = 0; i < writes; i++) {
            store.put("/h/" + (i % 3), bytes("v" + i));
        }
        WatchRecorder recorder = new WatchRecorder();
        store.watch("/h/", 0, recorder);
        recorder.awaitError();
        CompactedException error = assertInstanceOf(CompactedException.class, recorder.errors.get(0));
        assertTrue(error.compactRevision() > 0 && error.compactRevision() <= store.revision());
        assertTrue(recorder.batches.isEmpty());

        WatchRecorder recent = new WatchRecorder();
        try (Watch watch = store.watch("/h/", store.revision() - 1, recent)) {
            recent.awaitEvents(1);
            assertTrue(recent.errors.isEmpty());
        }
    }

    @Test
    void closedWatchGetsNoMoreEvents() {
        WatchRecorder closing = new WatchRecorder();
        WatchRecorder marker = new WatchRecorder();
        Watch watch = store.watch("/c/", 0, closing);
        try (Watch other = store.watch("/c/", 0, marker)) {
            store.put("/c/1", bytes("1"));
            closing.awaitEvents(1);
            watch.close();
            watch.close();
            store.put("/c/2", bytes("2"));
            store.put("/c/3", bytes("3"));
            marker.awaitEvents(3);
            assertEquals(List.of("PUT /c/1@1"), closing.summary());
        }
    }

    @Test
    void slowListenerDelaysNeitherCommitsNorOtherWatches() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        WatchRecorder slow = new WatchRecorder() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.onEvents(events);
            }
        };
        WatchRecorder fast = new WatchRecorder();
        try (Watch s = store.watch("/s/", 0, slow); Watch f = store.watch("/s/", 0, fast)) {
            store.put("/s/0", bytes("0"));
            assertTrue(entered.await(15, TimeUnit.SECONDS));
            for (int i = 1; i <= 20; i++) {
                store.put("/s/" + i, bytes("v"));
            }
            fast.awaitEvents(21);
            release.countDown();
            slow.awaitEvents(21);
            assertEquals(fast.summary(), slow.summary());
        } finally {
            release.countDown();
        }
    }

    @Test
    void leaseExpiryDeletesKeysAndEmitsDeleteEvents() {
        Lease lease = store.grantLease(Duration.ofMillis(300));
        assertTrue(lease.id() != 0);
        store.commit(Txn.of(Op.put("/l/a", bytes("1"), lease.id()), Op.put("/l/b", bytes("2"), lease.id())));
        store.put("/l/keep", bytes("3"));
        assertEquals(lease.id(), mustGet("/l/a").lease());
        WatchRecorder recorder = new WatchRecorder();
        try (Watch watch = store.watch("/l/", store.revision(), recorder)) {
            recorder.awaitEvents(2);
            List<WatchEvent> events = recorder.events();
            assertTrue(events.stream().allMatch(e -> e.type() == WatchEvent.Type.DELETE), recorder.summary().toString());
            assertEquals(events.get(0).kv().modRevision(), events.get(1).kv().modRevision(), "one revision");
            assertTrue(store.get("/l/a").isEmpty());
            assertTrue(store.get("/l/b").isEmpty());
            assertTrue(store.get("/l/keep").isPresent());
            assertThrows(LeaseNotFoundException.class, () -> store.keepAlive(lease.id()));
        }
    }

    @Test
    void keepAliveKeepsLeasedKeys() throws InterruptedException {
        Lease lease = store.grantLease(Duration.ofMillis(800));
        store.commit(Txn.of(Op.put("/ka", bytes("1"), lease.id())));
        long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        while (System.nanoTime() - end < 0) {
            store.keepAlive(lease.id());
            assertTrue(store.get("/ka").isPresent(), "key vanished although the lease was kept alive");
            Thread.sleep(100);
        }
        WatchRecorder.await("the key to expire once no longer kept alive", () -> store.get("/ka").isEmpty());
    }

    @Test
    void revokeDeletesLeasedKeysAtOneRevision() {
        Lease lease = store.grantLease(Duration.ofMinutes(5));
        store.commit(Txn.of(Op.put("/r/1", bytes("1"), lease.id()), Op.put("/r/2", bytes("2"), lease.id())));
        long before = store.revision();
        store.revokeLease(lease.id());
        assertEquals(before + 1, store.revision());
        assertTrue(store.list("/r/").isEmpty());
        store.revokeLease(lease.id());
        assertEquals(before + 1, store.revision());
        assertThrows(LeaseNotFoundException.class, () -> store.keepAlive(lease.id()));
    }

    @Test
    void unknownLeaseIsRejectedAndNothingApplied() {
        Lease lease = store.grantLease(Duration.ofMinutes(5));
        store.revokeLease(lease.id());
        assertThrows(LeaseNotFoundException.class,
                () -> store.commit(Txn.of(Op.put("/u/1", "x"), Op.put("/u/2", bytes("y"), lease.id()))));
        assertThrows(LeaseNotFoundException.class, () -> store.commit(Txn.of(Op.put("/u/3", bytes("z"), 12345))));
        assertThrows(LeaseNotFoundException.class, () -> store.keepAlive(12345));
        assertTrue(store.list("/u/").isEmpty());
        assertEquals(0, store.revision());
    }

    @Test
    void puttingAgainWithoutALeaseDetachesTheKey() {
        Lease lease = store.grantLease(Duration.ofMinutes(5));
        store.commit(Txn.of(Op.put("/det", bytes("1"), lease.id()), Op.put("/gone", bytes("1"), lease.id())));
        store.put("/det", bytes("2"));
        assertEquals(0, mustGet("/det").lease());
        store.revokeLease(lease.id());
        assertEquals("2", mustGet("/det").valueAsString());
        assertTrue(store.get("/gone").isEmpty());
    }

    @Test
    void concurrentCompareAndSetIncrementsAreNotLost() throws Exception {
        store.put("/counter", bytes("0"));
        int threads = 6;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int done = 0; done < perThread;) {
                        KeyValue kv = mustGet("/counter");
                        int next = Integer.parseInt(kv.valueAsString()) + 1;
                        if (store.putIf("/counter", bytes(Integer.toString(next)), kv.modRevision())) {
                            done++;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Integer.toString(threads * perThread), mustGet("/counter").valueAsString());
        assertEquals(threads * perThread + 1, mustGet("/counter").version());
    }

    @Test
    void valuesRoundTripExactly() {
        byte[] value = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31 + (i >>> 9));
        }
        store.put("/big", value);
        store.put("/empty", new byte[0]);
        assertArrayEquals(value, mustGet("/big").value());
        assertEquals(0, mustGet("/empty").valueLength());
    }

    private static List<String> keys(List<KeyValue> kvs) {
        return kvs.stream().map(KeyValue::key).toList();
    }

    /**
     * Checks that revisions never go backwards, then sorts by key inside each revision, where the
     * order of events is not specified.
     */
    private static List<String> sortedWithinRevision(List<String> summary) {
        long previous = 0;
        for (String event : summary) {
            long revision = revisionOf(event);
            assertTrue(revision >= previous, "revisions went backwards: " + summary);
            previous = revision;
        }
        List<String> out = new ArrayList<>(summary);
        out.sort(Comparator.comparingLong(StateStoreContract::revisionOf)
                .thenComparing(e -> e.substring(e.indexOf(' '))));
        return out;
    }

    private static long revisionOf(String event) {
        return Long.parseLong(event.substring(event.indexOf('@') + 1));
    }
}
