package org.atoll.kernel.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.atoll.spi.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the state from a store directory: newest snapshot, then every later log generation.
 *
 * <p>Every file a compaction can leave behind after a crash is handled here: a temporary snapshot
 * is incomplete by definition and deleted; logs and snapshots older than the newest snapshot are
 * covered by it and deleted (after forcing the directory, so the snapshot's rename is durable
 * first); a missing generation between the snapshot and the newest log means files were lost and
 * the store refuses to open.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** The recovered state, the log to append to, and what was found. */
    record Outcome(KeySpace keySpace, LogFile log, long snapshotBytes, RecoveryReport report) {
    }

    private Recovery() {
    }

    static Outcome run(Path dir, long nowNanos) throws IOException {
        StoreFiles.Listing files = StoreFiles.list(dir);
        for (Path temporary : files.temporaries()) {
            LOG.info("Deleting incomplete snapshot {} left by an interrupted compaction", temporary);
            Files.deleteIfExists(temporary);
        }

        long snapshotGeneration = files.snapshots().isEmpty() ? 0 : files.snapshots().lastKey();
        KeySpace.Image image = new KeySpace.Image(0, new TreeMap<>(), Map.of());
        long snapshotBytes = 0;
        if (snapshotGeneration > 0) {
            SnapshotFile.Loaded loaded = SnapshotFile.read(files.snapshots().get(snapshotGeneration), snapshotGeneration);
            image = loaded.image();
            snapshotBytes = loaded.bytes();
        }
        SortedMap<Long, Path> logs = files.logs().tailMap(snapshotGeneration + 1);
        long expected = snapshotGeneration + 1;
        for (long generation : logs.keySet()) {
            if (generation != expected) {
                throw new StoreException("state store directory " + dir + " is missing "
                        + StoreFiles.log(dir, expected).getFileName() + " (found generation " + generation
                        + " after snapshot generation " + snapshotGeneration + "); refusing to open rather than"
                        + " drop acknowledged changes (restore the directory from a backup)", false);
            }
            expected++;
        }
        int leftovers = files.temporaries().size() + deleteCovered(dir, files, snapshotGeneration);

        KeySpace space;
        try {
            space = KeySpace.fromImage(image, nowNanos);
        } catch (IllegalStateException e) {
            throw StoreFiles.corrupt(files.snapshots().get(snapshotGeneration), 0, e.getMessage());
        }
        long records = 0;
        LogScanner.Result last = null;
        for (Map.Entry<Long, Path> log : logs.entrySet()) {
            boolean isLast = log.getKey().equals(logs.lastKey());
            last = LogScanner.scan(log.getValue(), isLast, m -> space.applyOne(m, nowNanos));
            records += last.records();
        }

        LogFile log;
        if (logs.isEmpty()) {
            log = LogFile.create(dir, snapshotGeneration + 1);
        } else {
            if (last.tornBytes() > 0) {
                LOG.warn("Cutting {} bytes from the end of {} ({}): a write interrupted by a crash, never acknowledged",
                        last.tornBytes(), logs.get(logs.lastKey()), last.tornReason());
            }
            log = LogFile.openForAppend(logs.get(logs.lastKey()), logs.lastKey(), last.validBytes());
        }
        RecoveryReport report = new RecoveryReport(snapshotGeneration, logs.size(), records,
                last == null ? 0 : last.tornBytes(), last == null ? null : last.tornReason(), leftovers);
        return new Outcome(space, log, snapshotBytes, report);
    }

    /** Deletes the logs and snapshots the newest snapshot covers. */
    private static int deleteCovered(Path dir, StoreFiles.Listing files, long snapshotGeneration) throws IOException {
        List<Path> covered = new ArrayList<>(files.logs().headMap(snapshotGeneration + 1).values());
        covered.addAll(files.snapshots().headMap(snapshotGeneration).values());
        if (covered.isEmpty()) {
            return 0;
        }
        StoreFiles.forceDirectory(dir);
        for (Path file : covered) {
            LOG.debug("Deleting {}, covered by snapshot generation {}", file, snapshotGeneration);
            Files.deleteIfExists(file);
        }
        return covered.size();
    }
}
