package org.atoll.kernel.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots on the executor and deletes what they cover.
 *
 * <p>The writer has already switched to log generation G+1 and handed over an in-memory image of
 * the state at the end of generation G, so commits go on while the snapshot is written. Order of
 * steps, each safe to crash after: (1) write {@code snap-G.snap.tmp} and force it - recovery
 * deletes temporaries and replays the logs, which are all still there; (2) rename it to
 * {@code snap-G.snap} atomically and force the directory - recovery then uses it and skips the
 * logs it covers, or, if the rename was lost, still has every log; (3) delete logs up to G and
 * older snapshots - leftovers are deleted by recovery. Nothing is deleted before the snapshot
 * covering it is durable.
 */
final class Compactor {

    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    private final Path dir;
    private final Executor executor;
    private final long thresholdBytes;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ReentrantLock taskLock = new ReentrantLock();
    private volatile long snapshotBytes;
    private volatile boolean closed;
    private volatile long completed;
    private volatile long floorBytes;

    Compactor(Path dir, Executor executor, long thresholdBytes, long snapshotBytes) {
        this.dir = dir;
        this.executor = executor;
        this.thresholdBytes = thresholdBytes;
        this.snapshotBytes = snapshotBytes;
    }

    /** Whether the current log is big enough to be worth a snapshot, and none is being written. */
    boolean due(long logBytes) {
        return !closed && !running.get() && logBytes >= Math.max(thresholdBytes, Math.max(snapshotBytes, floorBytes));
    }

    /** Waits for another threshold's worth of log after a failed attempt, instead of retrying every batch. */
    void postpone(long logBytes) {
        floorBytes = logBytes + thresholdBytes;
    }

    /** Snapshots {@code image}, the state at the end of log generation {@code generation}. */
    void start(KeySpace.Image image, long generation) {
        floorBytes = 0;
        running.set(true);
        try {
            executor.execute(() -> run(image, generation));
        } catch (RejectedExecutionException e) {
            running.set(false);
            LOG.warn("Compaction of generation {} not started: the executor rejected it", generation);
        }
    }

    /** Number of snapshots written by this instance (for tests). */
    long completed() {
        return completed;
    }

    boolean running() {
        return running.get();
    }

    /** Stops a snapshot in progress (it is abandoned safely) and waits for it to stop. */
    void close() {
        closed = true;
        taskLock.lock();
        taskLock.unlock();
    }

    private void run(KeySpace.Image image, long generation) {
        taskLock.lock();
        try {
            if (closed) {
                return;
            }
            long bytes = SnapshotFile.write(dir, generation, image, () -> closed);
            snapshotBytes = bytes;
            deleteCovered(generation);
            completed++;
            LOG.debug("Snapshot of generation {} at revision {} written ({} bytes)", generation, image.revision(), bytes);
        } catch (CancellationException e) {
            LOG.debug("Snapshot of generation {} abandoned: store closing", generation);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Snapshot of generation {} failed; the logs are kept and it will be tried again later", generation, e);
        } finally {
            running.set(false);
            taskLock.unlock();
        }
    }

    private void deleteCovered(long generation) throws IOException {
        StoreFiles.Listing files = StoreFiles.list(dir);
        List<Path> covered = new ArrayList<>(files.logs().headMap(generation + 1).values());
        covered.addAll(files.snapshots().headMap(generation).values());
        for (Path file : covered) {
            if (closed) {
                return;
            }
            Files.deleteIfExists(file);
        }
    }
}
