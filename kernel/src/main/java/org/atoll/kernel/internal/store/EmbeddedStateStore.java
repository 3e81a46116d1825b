package org.atoll.kernel.internal.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.atoll.spi.ProviderInfo;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Listing;
import org.atoll.spi.store.Lease;
import org.atoll.spi.store.LeaseNotFoundException;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.StoreException;
import org.atoll.spi.store.Txn;
import org.atoll.spi.store.TxnResult;
import org.atoll.spi.store.Watch;
import org.atoll.spi.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link StateStore}: an etcd-like versioned key-value store in one directory,
 * crash-safe through a checksummed write-ahead log with group commit and periodic snapshots.
 *
 * <p>Writes go through one writer thread ({@link CommitPipeline}) and are acknowledged only after
 * they are forced to disk; reads are served from memory and see only acknowledged state. Watch
 * delivery, lease expiry and compaction run on the executor passed to {@link #open}. While the
 * store is down after an I/O error, reads go on serving the last durable state, and writes, lease
 * grants and new watches fail with a retryable {@link StoreException}.
 */
public final class EmbeddedStateStore implements StateStore, AutoCloseable {

    public static final String NAME = "embedded";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStateStore.class);
    private static final ProviderInfo INFO = new ProviderInfo(NAME, "0.1.0",
            "Embedded state store: checksummed write-ahead log with group commit and snapshots");

    private final Path directory;
    private final DirectoryLock lock;
    private final KeySpace space;
    private final WatchHub hub;
    private final Compactor compactor;
    private final CommitPipeline pipeline;
    private final StoreOptions options;
    private final RecoveryReport recovery;
    private final Set<Long> expiring = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledFuture<?> leaseChecks;

    private EmbeddedStateStore(DirectoryLock lock, ScheduledExecutorService executor, StoreOptions options,
            Recovery.Outcome recovered) {
        this.directory = lock.directory();
        this.options = options;
        this.lock = lock;
        this.space = recovered.keySpace();
        this.recovery = recovered.report();
        this.hub = new WatchHub(space.revision(), executor, options.historyRevisions(), options.historyBytes());
        this.compactor = new Compactor(directory, executor, options.compactionThresholdBytes(), recovered.snapshotBytes());
        this.pipeline = new CommitPipeline(directory, space, recovered.log(), hub, compactor);
        long period = options.leaseCheckPeriod().toMillis();
        this.leaseChecks = executor.scheduleWithFixedDelay(this::expireLeases, period, period, TimeUnit.MILLISECONDS);
        pipeline.start();
    }

    /** Opens (creating if needed) the store in {@code directory} with default options. */
    public static EmbeddedStateStore open(Path directory, ScheduledExecutorService executor) {
        return open(directory, executor, StoreOptions.defaults());
    }

    /**
     * Opens (creating if needed) the store in {@code directory}, recovering from any crash.
     *
     * @throws StoreException if another instance has it open (retryable), or if its files are
     *                        damaged in a way that would lose acknowledged changes (not retryable)
     */
    public static EmbeddedStateStore open(Path directory, ScheduledExecutorService executor, StoreOptions options) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(options, "options");
        DirectoryLock lock = DirectoryLock.acquire(directory);
        Path dir = lock.directory();
        try {
            Recovery.Outcome recovered = Recovery.run(dir, System.nanoTime());
            RecoveryReport report = recovered.report();
            LOG.info("State store opened in {} at revision {} (snapshot generation {}, {} records replayed{})", dir,
                    recovered.keySpace().revision(), report.snapshotGeneration(), report.recordsReplayed(),
                    report.truncatedTornTail() ? ", torn tail of " + report.tornBytes() + " bytes cut" : "");
            try {
                return new EmbeddedStateStore(lock, executor, options, recovered);
            } catch (RuntimeException e) {
                recovered.log().close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open state store in " + dir + ": " + e, true, e);
        }
    }

    @Override
    public ProviderInfo info() {
        return INFO;
    }

    @Override
    public Set<String> capabilities() {
        return Set.of(CAP_WATCH, CAP_LEASES);
    }

    @Override
    public ProviderStatus status() {
        if (closed.get()) {
            return ProviderStatus.down("state store in " + directory + " is closed");
        }
        String failure = pipeline.failure();
        return failure == null ? ProviderStatus.up() : ProviderStatus.down(failure);
    }

    @Override
    public Optional<KeyValue> get(String key) {
        Keys.encode(key);
        ensureOpen();
        return Optional.ofNullable(space.get(key));
    }

    @Override
    public Listing scan(String prefix) {
        Keys.checkPrefix(prefix);
        ensureOpen();
        return space.scan(prefix);
    }

    @Override
    public List<KeyValue> list(String prefix) {
        return scan(prefix).kvs();
    }

    @Override
    public long revision() {
        return space.revision();
    }

    @Override
    public TxnResult commit(Txn txn) {
        Objects.requireNonNull(txn, "txn");
        Request.Commit request = Request.Commit.of(txn);
        return (TxnResult) await(request);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        Keys.checkPrefix(prefix);
        Objects.requireNonNull(listener, "listener");
        if (fromRevision < 0) {
            throw new IllegalArgumentException("fromRevision must not be negative: " + fromRevision);
        }
        ensureOpen();
        ensureUp();
        return hub.watch(prefix, fromRevision, listener);
    }

    @Override
    public Lease grantLease(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease ttl must be positive: " + ttl);
        }
        return (Lease) await(new Request.Grant(Math.max(1, ttl.toMillis()), new CompletableFuture<>()));
    }

    @Override
    public void keepAlive(long leaseId) {
        ensureOpen();
        if (!space.keepAlive(leaseId, System.nanoTime())) {
            throw new LeaseNotFoundException(leaseId);
        }
    }

    @Override
    public void revokeLease(long leaseId) {
        await(new Request.Revoke(leaseId, false, new CompletableFuture<>()));
    }

    /**
     * Stops the writer after the requests already queued, waits for a running snapshot to stop,
     * ends every watch with a retryable {@link StoreException}, and releases the directory.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        leaseChecks.cancel(false);
        boolean interrupted = false;
        try {
            pipeline.stop();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        compactor.close();
        hub.close(new StoreException("state store closed", true));
        lock.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("State store in {} closed at revision {}", directory, space.revision());
    }

    Path directory() {
        return directory;
    }

    RecoveryReport recoveryReport() {
        return recovery;
    }

    Compactor compactor() {
        return compactor;
    }

    private void expireLeases() {
        try {
            for (long id : space.expiredLeases(System.nanoTime())) {
                if (expiring.add(id)) {
                    Request.Revoke revoke = new Request.Revoke(id, true, new CompletableFuture<>());
                    revoke.result().whenComplete((result, error) -> expiring.remove(id));
                    pipeline.submit(revoke);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Lease expiry check failed", e);
        }
    }

    private Object await(Request request) {
        pipeline.submit(request);
        Duration timeout = options.requestTimeout();
        try {
            return request.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StoreException("state store request failed: " + e.getCause(), true, e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("state store did not confirm the request within " + timeout
                    + "; it may or may not take effect", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the state store; the request may or may not take effect",
                    true, e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreException("state store in " + directory + " is closed", true);
        }
    }

    private void ensureUp() {
        String failure = pipeline.failure();
        if (failure != null) {
            throw new StoreException("state store is down: " + failure, true);
        }
    }
}
