package org.atoll.plugin.etcd.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.CheckStatus;
import org.atoll.spi.discovery.Registration;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrations this provider published: their keys, their checks' latest results and the
 * lease they hang on. A registration's key moves atomically (put and delete in one transaction)
 * when its fields change; a check's status change re-puts the value under the same key and lease.
 */
final class Publisher implements Checks.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final Connector connector;
    private final Layout layout;
    private final Threads threads;
    private final LeaseKeeper lease;
    private final Checks checks;
    private final Map<String, Owned> owned = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[64];
    private final AtomicBoolean recoveryPending = new AtomicBoolean();
    private volatile boolean closed;

    /** One published registration; mutable parts are guarded by the lock of its id. */
    private static final class Owned {
        final Registration registration;
        final String key;
        final List<Probe> probes;
        final Map<String, CheckStatus> statuses;
        boolean dirty;

        Owned(Registration registration, String key, List<Probe> probes, Map<String, CheckStatus> statuses) {
            this.registration = registration;
            this.key = key;
            this.probes = probes;
            this.statuses = statuses;
        }

        List<CheckStatus> statusList() {
            return new ArrayList<>(statuses.values());
        }
    }

    Publisher(Connector connector, Layout layout, Settings settings, Threads threads, Health health) {
        this.connector = connector;
        this.layout = layout;
        this.threads = threads;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        this.lease = new LeaseKeeper(connector, settings.leaseTtl().toSeconds(), health, threads.work(),
                this::recover);
        this.checks = new Checks(threads.scheduler(), threads.work(), settings, this);
        connector.onChange(c -> {
            lease.connectionChanged(c);
            if (c != null && !owned.isEmpty()) {
                scheduleRecovery(0);
            }
        });
    }

    void register(Registration r) {
        Objects.requireNonNull(r, "registration");
        String key = layout.key(r);
        List<Probe> probes = r.checks().stream().map(Probe::of).collect(Collectors.toList());
        if (probes.stream().map(p -> p.spec().name()).distinct().count() != probes.size()) {
            throw new ProviderException("registration " + r.id() + " names a check twice", false);
        }
        Connection c = connector.require();
        synchronized (lock(r.id())) {
            Owned prev = owned.get(r.id());
            Set<String> stale = new HashSet<>();
            if (prev == null) {
                stale.addAll(keysOf(c, r.id()));
            } else {
                stale.add(prev.key);
            }
            stale.remove(key);
            boolean sameChecks = prev != null && prev.registration.checks().equals(r.checks());
            Owned next = sameChecks ? new Owned(r, key, prev.probes, prev.statuses)
                    : new Owned(r, key, probes, unknown(probes));
            write(c, next, stale);
            owned.put(r.id(), next);
            if (!sameChecks) {
                checks.start(r.id(), next.probes);
            }
        }
    }

    void deregister(String id) {
        Objects.requireNonNull(id, "registrationId");
        Connection c = connector.require();
        synchronized (lock(id)) {
            Owned o = owned.get(id);
            List<String> keys = o != null ? List.of(o.key) : keysOf(c, id);
            if (!keys.isEmpty()) {
                Op[] deletes = keys.stream().map(k -> Op.delete(Layout.bytes(k), DeleteOption.DEFAULT))
                        .toArray(Op[]::new);
                connector.call(c, "delete " + String.join(", ", keys), cl -> cl.getKVClient().txn().Then(deletes)
                        .commit());
            }
            owned.remove(id);
            checks.cancel(id);
        }
    }

    /** The latest results of a registration this provider published; empty for others. */
    Map<String, CheckStatus> statuses(String id) {
        Owned o = owned.get(id);
        if (o == null) {
            return Map.of();
        }
        synchronized (lock(id)) {
            return Map.copyOf(o.statuses);
        }
    }

    @Override
    public void result(String id, Probe probe, Probe.Result result) {
        if (closed) {
            return;
        }
        synchronized (lock(id)) {
            Owned o = owned.get(id);
            if (o == null || !o.probes.contains(probe)) {
                return; // deregistered or re-registered meanwhile
            }
            String name = probe.spec().name();
            CheckStatus before = o.statuses.get(name);
            boolean changed = before == null || before.status() != result.status();
            Instant since = changed ? Instant.now() : before.since();
            o.statuses.put(name, new CheckStatus(name, probe.type(), probe.spec().target(), result.status(),
                    result.output(), since));
            if (changed || o.dirty) {
                Connection c = connector.currentOrNull();
                if (c == null) {
                    o.dirty = true;
                    return;
                }
                try {
                    write(c, o, Set.of());
                    o.dirty = false;
                } catch (ProviderException e) {
                    o.dirty = true;
                    LOG.debug("check {} of {} is {}, not published yet: {}", name, id, result.status(),
                            e.getMessage());
                }
            }
        }
    }

    /** Stops the checks and the keep-alive; the entries stay until their lease expires. */
    void close() {
        closed = true;
        checks.cancelAll();
        lease.close();
    }

    /** Puts {@code o} with the lease (and deletes {@code stale}) in one transaction; a lost lease is replaced once. */
    private void write(Connection c, Owned o, Set<String> stale) {
        String value = layout.value(o.registration, o.key, o.statusList());
        for (int attempt = 0;; attempt++) {
            long leaseId = lease.id(c);
            List<Op> ops = new ArrayList<>();
            ops.add(Op.put(Layout.bytes(o.key), Layout.bytes(value),
                    PutOption.builder().withLeaseId(leaseId).build()));
            stale.forEach(k -> ops.add(Op.delete(Layout.bytes(k), DeleteOption.DEFAULT)));
            Op[] then = ops.toArray(Op[]::new);
            try {
                connector.call(c, "put " + o.key, cl -> cl.getKVClient().txn().Then(then).commit());
                return;
            } catch (ProviderException e) {
                if (attempt > 0 || !Failures.leaseNotFound(e)) {
                    throw e;
                }
                lease.notFound(leaseId);
            }
        }
    }

    /** Every key under the layout whose id is {@code id}, left by this run or an earlier one. */
    private List<String> keysOf(Connection c, String id) {
        List<KeyValue> kvs = connector.call(c, "list " + layout.prefix(), cl -> cl.getKVClient()
                .get(layout.root(), GetOption.builder().isPrefix(true).withKeysOnly(true).build())).getKvs();
        List<String> keys = new ArrayList<>();
        for (KeyValue kv : kvs) {
            String k = Layout.string(kv.getKey());
            layout.parseKey(k).filter(p -> p.id().equals(id)).ifPresent(p -> keys.add(k));
        }
        return keys;
    }

    /** The lease was lost or the client changed: publish everything again under the current lease. */
    private void recover() {
        recoveryPending.set(false);
        if (closed || owned.isEmpty()) {
            return;
        }
        Connection c = connector.currentOrNull();
        if (c == null) {
            return; // the next connect() schedules a recovery
        }
        int n = 0;
        try {
            for (String id : List.copyOf(owned.keySet())) {
                synchronized (lock(id)) {
                    Owned o = owned.get(id);
                    if (o != null) {
                        write(c, o, Set.of());
                        o.dirty = false;
                        n++;
                    }
                }
            }
            LOG.debug("published {} registrations again", n);
        } catch (ProviderException e) {
            LOG.debug("publishing again failed, retrying in 1 s: {}", e.getMessage());
            scheduleRecovery(1);
        }
    }

    private void scheduleRecovery(long delaySeconds) {
        if (closed || !recoveryPending.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.scheduler().schedule(() -> {
                try {
                    threads.work().execute(this::recover);
                } catch (RejectedExecutionException e) {
                    recoveryPending.set(false);
                }
            }, delaySeconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            recoveryPending.set(false);
        }
    }

    private static Map<String, CheckStatus> unknown(List<Probe> probes) {
        Map<String, CheckStatus> m = new LinkedHashMap<>();
        for (Probe p : probes) {
            m.put(p.spec().name(), new CheckStatus(p.spec().name(), p.type(), p.spec().target(),
                    CheckStatus.Status.UNKNOWN, "not run yet", null));
        }
        return m;
    }

    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }
}
