package org.atoll.kernel.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import org.atoll.spi.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: group commit on a dedicated thread, {@value #THREAD_NAME}.
 *
 * <p>Callers queue requests and wait. The writer takes everything queued, evaluates it in order
 * against the durable state plus the batch so far, appends one record per state-changing request,
 * forces the log once, and only then applies the batch to the readers' state, publishes watch
 * events and wakes the callers. Concurrent committers thus share one fsync, nothing a crash could
 * take back is ever visible, and a failed or torn write never leaves a half-applied transaction.
 *
 * <p>After an I/O error the outcome of the write on disk is unknown (and, after a failed fsync, so
 * is the page cache), so the writer stops accepting writes until the store is reopened.
 */
final class CommitPipeline {

    static final String THREAD_NAME = "atoll-store-writer";
    private static final Logger LOG = LoggerFactory.getLogger(CommitPipeline.class);
    private static final int MAX_BATCH_REQUESTS = 512;
    private static final int MAX_BATCH_BYTES = 16 << 20;
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    private final Path dir;
    private final KeySpace space;
    private final WatchHub hub;
    private final Compactor compactor;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final ArrayDeque<Request> pending = new ArrayDeque<>();
    private final ByteSink sink = new ByteSink(64 * 1024);
    private final Thread thread;
    private final Object admission = new Object();
    private boolean stopping;
    private volatile String failure;
    private LogFile log;

    CommitPipeline(Path dir, KeySpace space, LogFile log, WatchHub hub, Compactor compactor) {
        this.dir = dir;
        this.space = space;
        this.log = log;
        this.hub = hub;
        this.compactor = compactor;
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Why writes are refused, or null while healthy. */
    String failure() {
        return failure;
    }

    /** Queues a request; it fails at once if the store is closing or down. */
    void submit(Request request) {
        synchronized (admission) {
            if (stopping) {
                request.result().completeExceptionally(closed());
                return;
            }
            queue.add(request);
        }
    }

    /** Lets everything queued so far finish, then stops the thread and closes the log. */
    void stop() throws InterruptedException {
        synchronized (admission) {
            if (stopping) {
                return;
            }
            stopping = true;
            queue.add(new Request.Stop(new CompletableFuture<>()));
        }
        thread.join();
    }

    private static StoreException closed() {
        return new StoreException("state store is closed", true);
    }

    private void run() {
        try {
            while (true) {
                if (pending.isEmpty()) {
                    pending.add(queue.take());
                }
                queue.drainTo(pending);
                if (!processBatch()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            fail("the writer thread failed: " + e, e);
        } finally {
            synchronized (admission) {
                stopping = true;
            }
            for (Request request : pending) {
                request.result().completeExceptionally(closed());
            }
            for (Request request; (request = queue.poll()) != null;) {
                request.result().completeExceptionally(closed());
            }
            try {
                log.close();
            } catch (IOException e) {
                LOG.debug("Closing {} failed", log.path(), e);
            }
        }
    }

    /** Processes one group from {@link #pending}; returns false when told to stop. */
    private boolean processBatch() {
        long now = System.nanoTime();
        PendingView view = new PendingView(space);
        List<Request> batch = new ArrayList<>();
        List<Object> outcomes = new ArrayList<>();
        List<Mutation> mutations = new ArrayList<>();
        boolean stop = false;
        sink.reset();
        while (!pending.isEmpty() && batch.size() < MAX_BATCH_REQUESTS && sink.size() < MAX_BATCH_BYTES) {
            Request request = pending.poll();
            if (request instanceof Request.Stop) {
                stop = true;
                break;
            }
            batch.add(request);
            if (failure != null) {
                outcomes.add(down());
                continue;
            }
            try {
                Evaluator.Decision decision = Evaluator.evaluate(request, view, now);
                if (decision.mutation() != null) {
                    RecordCodec.appendFrame(sink, decision.mutation());
                    view.apply(decision.mutation());
                    mutations.add(decision.mutation());
                }
                outcomes.add(decision.result());
            } catch (RuntimeException e) {
                outcomes.add(e);
            } catch (Error e) {
                // Nothing of this batch was written; fail it rather than leave its callers waiting.
                StoreException aborted = new StoreException("state store writer failed: " + e, true, e);
                batch.forEach(r -> r.result().completeExceptionally(aborted));
                throw e;
            }
        }
        if (!mutations.isEmpty() && !makeDurable(mutations)) {
            StoreException unknown = new StoreException("state store is down: " + failure
                    + "; this request may or may not have been written, check after reopening", true);
            for (int i = 0; i < batch.size(); i++) {
                outcomes.set(i, unknown);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Object> result = batch.get(i).result();
            if (outcomes.get(i) instanceof RuntimeException e) {
                result.completeExceptionally(e);
            } else {
                result.complete(outcomes.get(i));
            }
        }
        sink.shrinkTo(KEPT_BUFFER_BYTES);
        if (failure == null && compactor.due(log.size())) {
            rotate();
        }
        return !stop;
    }

    /** Appends and forces the batch, then makes it visible; false if the store failed. */
    private boolean makeDurable(List<Mutation> mutations) {
        try {
            log.append(sink.asBuffer());
            log.force();
        } catch (IOException | RuntimeException e) {
            fail("writing " + log.path() + " failed: " + e, e);
            return false;
        }
        try {
            space.apply(mutations, System.nanoTime());
        } catch (RuntimeException e) {
            fail("applying a durable batch failed: " + e, e);
            return false;
        }
        for (Mutation m : mutations) {
            if (m.changesKeys()) {
                hub.publish(m.revision(), m.events());
            }
        }
        return true;
    }

    /** Starts a new log generation and hands the state at the end of the old one to the compactor. */
    private void rotate() {
        LogFile previous = log;
        KeySpace.Image image = space.imageUnlocked();
        try {
            log = LogFile.create(dir, previous.generation() + 1);
        } catch (IOException e) {
            // A stray newer generation would make recovery treat a torn tail of this one as corruption.
            try {
                Files.deleteIfExists(StoreFiles.log(dir, previous.generation() + 1));
            } catch (IOException again) {
                fail("could not start log generation " + (previous.generation() + 1) + " nor remove it: " + again, again);
                return;
            }
            LOG.warn("Could not start log generation {}; compaction postponed", previous.generation() + 1, e);
            compactor.postpone(previous.size());
            return;
        }
        try {
            previous.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed", previous.path(), e);
        }
        compactor.start(image, previous.generation());
    }

    private StoreException down() {
        return new StoreException("state store is down: " + failure + "; it accepts writes again once reopened", true);
    }

    private void fail(String message, Throwable cause) {
        if (failure == null) {
            failure = message;
            LOG.error("State store failed, refusing writes until reopened: {}", message, cause);
        }
    }
}
