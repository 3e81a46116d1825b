package org.atoll.kernel.internal.database;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.api.model.Database;
import org.atoll.kernel.internal.exec.Closeables;
import org.atoll.kernel.internal.exec.TriggeredLoop;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.secret.SecretStore;
import org.atoll.kernel.internal.state.ChangeWatch;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.ProviderException;
import org.atoll.spi.database.DatabaseProvisioner;
import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node's database plugins run exactly the databases the store places on this node.
 * Level-triggered like the instance reconciler: every pass ensures every server, user, database,
 * grant and password (all idempotent), then carries out pending removals; a kernel killed in the
 * middle of a provisioning finishes it on the next pass after the restart.
 */
final class DatabaseReconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseReconciler.class);

    /**
     * The outcome of the last attempt for one database.
     *
     * @param secretRevision the store revision of the password the server got (when ready)
     */
    record Status(boolean ready, String message, boolean retryable, int failures, Instant at, long secretRevision) {
    }

    /** A pending removal. */
    record Removal(String name, String kind, String node, boolean deleteData) {
    }

    private final StateRepository state;
    private final ProviderRegistry registry;
    private final SecretStore secrets;
    private final ScheduledExecutorService scheduler;
    private final String node;
    private final Duration resync;
    private final TriggeredLoop loop;
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private ChangeWatch watch;
    private AutoCloseable registryListener;

    DatabaseReconciler(StateRepository state, ProviderRegistry registry, SecretStore secrets,
            ScheduledExecutorService scheduler, String node, Duration resync) {
        this.state = state;
        this.registry = registry;
        this.secrets = secrets;
        this.scheduler = scheduler;
        this.node = node;
        this.resync = resync;
        this.loop = new TriggeredLoop("atoll-database", scheduler, this::pass);
    }

    synchronized void start() {
        watch = ChangeWatch.start(state.store(), scheduler,
                List.of(Keys.DATABASES, Keys.DATABASE_REMOVALS, Keys.SECRETS), this::trigger);
        registryListener = registry.onChange(this::trigger);
        loop.every(resync);
        trigger();
    }

    void trigger() {
        loop.trigger();
    }

    Optional<Status> status(String name) {
        return Optional.ofNullable(statuses.get(name));
    }

    private void pass() {
        boolean retry = false;
        List<Database> desired = state.list(Keys.DATABASES, Database.class);
        statuses.keySet().retainAll(desired.stream().map(Database::name).toList());
        for (Database d : desired) {
            if (node.equals(d.node())) {
                retry |= !ensure(d);
            }
        }
        for (Removal r : state.list(Keys.DATABASE_REMOVALS, Removal.class)) {
            if (node.equals(r.node())) {
                retry |= !remove(r);
            }
        }
        if (retry) {
            loop.retrySoon(Duration.ofSeconds(2));
        }
    }

    private boolean ensure(Database d) {
        Status before = statuses.get(d.name());
        try {
            DatabaseProvisioner provider = registry.find(DatabaseProvisioner.class, d.kind())
                    .orElseThrow(() -> new ProviderException("no " + d.kind() + " plugin is installed (feature:install atoll-"
                            + d.kind() + ")", true));
            provider.ensureServer(new ServerSpec(d.name(), d.node(), d.address(), d.port()));
            // the revision first: a password stored after this read is applied by the next pass
            long secretRevision = state.store().get(Keys.secret(d.secret())).map(kv -> kv.modRevision()).orElse(0L);
            Secret password = secrets.get(d.secret())
                    .orElseThrow(() -> new ProviderException("the secret " + d.secret() + " is missing", false));
            provider.ensureDatabase(d.name(), new DatabaseSpec(d.user(), d.database(), d.allowedCidr()), password);
            statuses.put(d.name(), new Status(true, "", true, 0, Instant.now(), secretRevision));
            if (before == null || !before.ready()) {
                LOG.info("Database {} ({} on {}:{}) is ready", d.name(), d.kind(), d.address(), d.port());
            }
            return true;
        } catch (RuntimeException e) {
            boolean retryable = !(e instanceof ProviderException pe) || pe.retryable();
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int failures = before == null || before.ready() ? 1 : before.failures() + 1;
            statuses.put(d.name(), new Status(false, message, retryable, failures, Instant.now(), 0));
            if (before == null || !message.equals(before.message())) {
                LOG.warn("Database {}: {}", d.name(), message);
            }
            return false;
        }
    }

    private boolean remove(Removal r) {
        Optional<DatabaseProvisioner> provider = registry.find(DatabaseProvisioner.class, r.kind());
        if (provider.isEmpty()) {
            return false;
        }
        try {
            provider.get().removeServer(r.name(), r.deleteData());
            state.store().commit(Txn.of(Op.delete(Keys.databaseRemoval(r.name()))));
            LOG.info("Stopped database server {}{}", r.name(), r.deleteData() ? " and deleted its data" : "");
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Stopping database server {} failed: {}", r.name(), e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        loop.close();
        synchronized (this) {
            if (watch != null) {
                watch.close();
            }
            Closeables.closeQuietly(registryListener);
        }
    }
}
