package org.atoll.kernel.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Lease;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StoreException;
import org.atoll.spi.store.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery from what crashes and damage leave in the directory, and compaction. */
class EmbeddedStoreFilesTest {

    @TempDir
    Path dir;

    final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    EmbeddedStateStore open() {
        return open(StoreOptions.defaults());
    }

    EmbeddedStateStore open(StoreOptions options) {
        return EmbeddedStateStore.open(dir, executor, options);
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    StoreFiles.Listing files() throws IOException {
        return StoreFiles.list(dir);
    }

    Path onlyLog() throws IOException {
        assertEquals(1, files().logs().size(), files().toString());
        return files().logs().values().iterator().next();
    }

    static Map<String, KeyValue> contents(EmbeddedStateStore store) {
        Map<String, KeyValue> out = new TreeMap<>();
        store.list("").forEach(kv -> out.put(kv.key(), kv));
        return out;
    }

    @Test
    void compactionKeepsEverythingAndDeletesWhatItCovers() throws Exception {
        StoreOptions small = StoreOptions.defaults().withCompactionThresholdBytes(8 * 1024);
        Map<String, KeyValue> expected;
        long revision;
        Lease lease;
        try (EmbeddedStateStore store = open(small)) {
            lease = store.grantLease(Duration.ofMinutes(10));
            for (int i = 0; i < 600; i++) {
                store.put("/c/" + (i % 40), bytes("value-" + i + "-" + "x".repeat(i % 50)));
                if (i % 7 == 0) {
                    store.delete("/c/" + ((i + 3) % 40));
                }
                if (i % 11 == 0) {
                    store.commit(Txn.of(Op.put("/l/" + (i % 5), bytes("leased " + i), lease.id())));
                }
            }
            WatchRecorder.await("a snapshot", () -> store.compactor().completed() > 0 && !store.compactor().running());
            expected = contents(store);
            revision = store.revision();
        }
        StoreFiles.Listing files = files();
        assertEquals(1, files.snapshots().size(), files.toString());
        long snapshot = files.snapshots().firstKey();
        assertTrue(files.logs().keySet().stream().allMatch(g -> g > snapshot), "covered logs deleted: " + files);
        try (EmbeddedStateStore store = open(small)) {
            assertEquals(snapshot, store.recoveryReport().snapshotGeneration());
            assertEquals(revision, store.revision());
            assertEquals(expected, contents(store));
            store.keepAlive(lease.id());
        }
    }

    @Test
    void tornTailIsCutOffAndWritingResumes() throws Exception {
        try (EmbeddedStateStore store = open()) {
            store.put("/a", bytes("1"));
            store.put("/b", bytes("2"));
            store.put("/c", bytes("3".repeat(1000)));
        }
        Path log = onlyLog();
        long size = Files.size(log);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(size - 500);
        }
        try (EmbeddedStateStore store = open()) {
            assertTrue(store.recoveryReport().truncatedTornTail());
            assertEquals(2, store.revision());
            assertTrue(store.get("/c").isEmpty());
            assertEquals("2", store.get("/b").orElseThrow().valueAsString());
            assertEquals(3, store.put("/d", bytes("4")));
        }
        try (EmbeddedStateStore store = open()) {
            assertFalse(store.recoveryReport().truncatedTornTail());
            assertEquals(List.of("/a", "/b", "/d"), store.list("").stream().map(KeyValue::key).toList());
        }
    }

    @Test
    void garbageAfterTheLastRecordIsCutOff() throws Exception {
        try (EmbeddedStateStore store = open()) {
            store.put("/a", bytes("1"));
        }
        appendBytes(onlyLog(), new byte[] {0, 0, 0, 0, 0, 0, 0, 7, 1, 2, 3});
        try (EmbeddedStateStore store = open()) {
            assertEquals(11, store.recoveryReport().tornBytes());
            assertEquals(1, store.revision());
        }
    }

    @Test
    void corruptionBeforeValidRecordsIsRefusedWithFileAndOffset() throws Exception {
        try (EmbeddedStateStore store = open()) {
            store.put("/a", bytes("first value"));
            store.put("/b", bytes("second value"));
        }
        Path log = onlyLog();
        flipByte(log, RecordCodec.HEADER + 20);
        StoreException e = assertThrows(StoreException.class, this::open);
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(log.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        // Refusing must not have changed anything: the damage is still there for an operator to see.
        assertThrows(StoreException.class, this::open);
    }

    @Test
    void damageInTheLastRecordOfAnEarlierGenerationIsRefused() throws Exception {
        StoreOptions small = StoreOptions.defaults().withCompactionThresholdBytes(1024);
        try (EmbeddedStateStore store = open(small)) {
            store.put("/a", bytes("x".repeat(2000)));
            store.put("/b", bytes("y"));
            WatchRecorder.await("compaction to finish", () -> !store.compactor().running());
        }
        // Put back a damaged copy of generation 1 and remove the snapshot, as if it had been lost.
        StoreFiles.Listing files = files();
        for (Path snapshot : files.snapshots().values()) {
            Files.delete(snapshot);
        }
        Path first = StoreFiles.log(dir, 1);
        Files.write(first, new byte[] {1, 2, 3});
        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains(first.getFileName().toString()), e.getMessage());
    }

    @Test
    void aMissingGenerationIsRefused() throws Exception {
        StoreOptions small = StoreOptions.defaults().withCompactionThresholdBytes(512);
        try (EmbeddedStateStore store = open(small)) {
            for (int i = 0; i < 20; i++) {
                store.put("/k" + i, bytes("v".repeat(600)));
                WatchRecorder.await("compaction to finish", () -> !store.compactor().running());
            }
        }
        StoreFiles.Listing files = files();
        assertTrue(files.logs().size() >= 1);
        for (Path snapshot : files.snapshots().values()) {
            Files.delete(snapshot);
        }
        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void leftoversOfAnInterruptedCompactionAreHandled() throws Exception {
        try (EmbeddedStateStore store = open()) {
            store.put("/a", bytes("1"));
        }
        Path savedLogs = Files.createDirectory(dir.resolve("saved"));
        Files.copy(onlyLog(), savedLogs.resolve(onlyLog().getFileName()));
        StoreOptions small = StoreOptions.defaults().withCompactionThresholdBytes(64);
        Map<String, KeyValue> expected;
        try (EmbeddedStateStore store = open(small)) {
            store.put("/b", bytes("2".repeat(100)));
            WatchRecorder.await("a snapshot", () -> store.compactor().completed() > 0 && !store.compactor().running());
            store.put("/c", bytes("3"));
            expected = contents(store);
        }
        // Crash after the snapshot rename, before the covered log was deleted; and a torn temporary snapshot.
        try (Stream<Path> saved = Files.list(savedLogs)) {
            for (Path p : saved.toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        Path temporary = StoreFiles.temporarySnapshot(dir, 99);
        Files.write(temporary, new byte[] {42, 42});
        deleteRecursively(savedLogs);
        try (EmbeddedStateStore store = open()) {
            assertEquals(expected, contents(store));
        }
        assertFalse(Files.exists(temporary));
        assertFalse(Files.exists(StoreFiles.log(dir, 1)));
    }

    @Test
    void anEmptyNewGenerationAfterACrashDuringRotationIsFine() throws Exception {
        try (EmbeddedStateStore store = open()) {
            store.put("/a", bytes("1"));
        }
        Files.createFile(StoreFiles.log(dir, 2));
        try (EmbeddedStateStore store = open()) {
            assertEquals(1, store.revision());
            store.put("/b", bytes("2"));
        }
        try (EmbeddedStateStore store = open()) {
            assertEquals(2, store.revision());
            assertEquals(2, store.recoveryReport().logsReplayed());
        }
    }

    @Test
    void aDamagedSnapshotIsRefused() throws Exception {
        StoreOptions small = StoreOptions.defaults().withCompactionThresholdBytes(64);
        try (EmbeddedStateStore store = open(small)) {
            store.put("/a", bytes("1".repeat(100)));
            WatchRecorder.await("a snapshot", () -> store.compactor().completed() > 0 && !store.compactor().running());
        }
        Path snapshot = files().snapshots().values().iterator().next();
        flipByte(snapshot, 40);
        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains(snapshot.getFileName().toString()), e.getMessage());
    }

    @Test
    void keysThatCannotRoundTripAreRejected() {
        try (EmbeddedStateStore store = open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.put("/half\uD800surrogate", bytes("x")));
            assertTrue(e.getMessage().contains("/half"), e.getMessage());
            assertEquals(0, store.revision());
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A));
            channel.write(one.rewind(), offset);
        }
    }

    private static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
