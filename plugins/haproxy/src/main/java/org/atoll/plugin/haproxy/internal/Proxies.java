package org.atoll.plugin.haproxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.ApplyResult;
import org.atoll.spi.routing.RoutingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxies under the data directory: applied, adopted, stopped and listed, one operation at a time
 * each. All state is on disk and in the processes; a new instance (a restarted kernel) picks up where
 * the last one left off.
 */
final class Proxies {

    private interface Locked<T> {
        T run() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Proxies.class);
    /** One lock per proxy directory, shared by every router instance in this JVM. */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Settings settings;
    private final Haproxy haproxy;
    private final byte[] lua;
    /** Why the last apply of a proxy failed for a reason other than its table; cleared by a success. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    /** Proxies whose worker may differ from their file (a failed fallback reload): the next apply reloads. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();

    Proxies(Settings settings) {
        this.settings = settings;
        this.haproxy = new Haproxy(settings);
        try (InputStream in = Proxies.class.getResourceAsStream("digest.lua")) {
            this.lua = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("digest.lua is missing from the bundle", e);
        }
    }

    Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    ApplyResult apply(String name, RoutingTable table) {
        Checks.label("name", name);
        Plan plan = TableCheck.check(table);
        requireBinary();
        ProxyHome h = home(name);
        Deadline deadline = Deadline.after(settings.timeout());
        try {
            ApplyResult r = locked(h, deadline, () -> applyLocked(h, table, plan, deadline));
            failures.remove(name);
            if (r.changed()) {
                LOG.info("{}", r.message());
            }
            return r;
        } catch (ProviderException e) {
            if (e.retryable()) {
                failures.put(name, e.getMessage());
            }
            throw e;
        }
    }

    private ApplyResult applyLocked(ProxyHome h, RoutingTable table, Plan plan, Deadline deadline) throws IOException {
        h.create();
        capLog(h.log());
        h.ensureSecret();
        requireLocalAddresses(table, plan);
        Renderer.Rendering r = new Renderer(h, lua, settings.runAs()).render(plan);
        OptionalLong master = haproxy.find(h);
        Optional<byte[]> live = h.liveConfig();
        String prefix = "haproxy proxy " + h.name() + ": ";
        if (master.isPresent() && live.isPresent() && Arrays.equals(live.get(), r.config()) && Staging.present(h, r)
                && !dirty.contains(h.name())) {
            purgeQuietly(h, plan, deadline);
            if (!TableStore.read(h).equals(Optional.of(TableStore.redacted(table)))) {
                TableStore.write(h, table);
            }
            return new ApplyResult(false, false, prefix + "unchanged");
        }
        if (master.isPresent() && live.isPresent() && !dirty.contains(h.name())
                && ServerLines.onlyLiteralServersDiffer(live.get(), r.config())) {
            Optional<ApplyResult> fast = serversFirst(h, table, plan, r, live.get(), deadline, prefix);
            if (fast.isPresent()) {
                return fast.get();
            }
        }
        List<Path> created = Staging.write(h, r);
        Path scratch = Staging.stage(h, r);
        try {
            haproxy.check(h, scratch, deadline);
        } catch (ProviderException e) {
            Staging.discard(created);
            throw e;
        }
        if (master.isEmpty()) {
            Staging.swap(h, scratch);
            try {
                long pid = haproxy.start(h, deadline);
                Staging.commit(h, table, r);
                return new ApplyResult(true, false, prefix + "started (master process " + pid + ")");
            } catch (ProviderException e) {
                Staging.restore(h, live);
                Staging.discard(created);
                throw e;
            }
        }
        Staging.swap(h, scratch);
        try {
            haproxy.reload(h, deadline);
        } catch (ProviderException e) {
            Staging.restore(h, live);
            Staging.discard(created);
            dirty.add(h.name());
            throw e;
        }
        dirty.remove(h.name());
        Staging.commit(h, table, r);
        return new ApplyResult(true, true, prefix + "reloaded");
    }

    /**
     * Only servers differ: the worker gets them through the Runtime API at once (what a new instance
     * waits for), then the file is checked and swapped in, so that a later reload keeps them. A file
     * the checker refuses (which allow-listed server lines should never give) is not swapped in, and
     * the worker is reloaded from the last good file so that it serves what that file says again.
     *
     * @return empty when the Runtime API failed: the caller reloads instead
     */
    private Optional<ApplyResult> serversFirst(ProxyHome h, RoutingTable table, Plan plan, Renderer.Rendering r,
            byte[] live, Deadline deadline, String prefix) throws IOException {
        RuntimeApi.Outcome o;
        try {
            o = new RuntimeApi(h).reconcile(plan, deadline);
        } catch (IOException e) {
            LOG.warn("haproxy proxy {}: the Runtime API failed ({}); reloading instead", h.name(), e.getMessage());
            return Optional.empty();
        }
        List<Path> created = Staging.write(h, r);
        Path scratch = Staging.stage(h, r);
        try {
            haproxy.check(h, scratch, deadline);
        } catch (ProviderException e) {
            Staging.discard(created);
            dirty.add(h.name());
            try {
                haproxy.reload(h, deadline);
                dirty.remove(h.name());
            } catch (ProviderException reloadFailed) {
                LOG.warn("haproxy proxy {}: reloading the last good file failed: {}", h.name(),
                        reloadFailed.getMessage());
            }
            throw e;
        }
        Staging.swap(h, scratch);
        Staging.commit(h, table, r);
        return Optional.of(new ApplyResult(true, false, prefix + "servers changed through the Runtime API without a"
                + " reload: " + o.describe()));
    }

    void remove(String name) {
        Checks.label("name", name);
        ProxyHome h = home(name);
        if (!h.exists()) {
            failures.remove(name);
            return;
        }
        Deadline deadline = Deadline.after(settings.timeout());
        locked(h, deadline, () -> {
            OptionalLong master = haproxy.find(h);
            if (master.isPresent()) {
                haproxy.stop(h, master.getAsLong(), deadline);
                LOG.info("haproxy proxy {}: stopped master process {}", name, master.getAsLong());
            }
            h.delete();
            return null;
        });
        failures.remove(name);
        dirty.remove(name);
    }

    Optional<RoutingTable> current(String name) {
        Checks.label("name", name);
        ProxyHome h = home(name);
        if (!h.exists() || haproxy.find(h).isEmpty()) {
            return Optional.empty();
        }
        try {
            return TableStore.read(h);
        } catch (IOException e) {
            throw new ProviderException("haproxy proxy " + name + ": cannot read " + h.table() + ": " + e.getMessage(),
                    true, e);
        }
    }

    List<String> list() {
        Path root = settings.dataDirectory();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                String n = d.getFileName().toString();
                try {
                    Checks.label("name", n);
                } catch (ProviderException e) {
                    continue;
                }
                if (haproxy.find(home(n)).isPresent()) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            throw new ProviderException("cannot list " + root + ": " + e.getMessage(), true, e);
        }
        return names;
    }

    /** A literal listening address must be one of this host's: HAProxy's checker does not bind. */
    private static void requireLocalAddresses(RoutingTable table, Plan plan) {
        for (Plan.Listener l : plan.listeners()) {
            if (l.address() == null || !l.address().literal()) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(l.address().text()), 0));
            } catch (BindException e) {
                String owner = table.frontends().stream().filter(f -> f.address() != null && f.port() == l.port())
                        .map(f -> f.name()).findFirst().orElse("?");
                throw Checks.bad("frontends[" + owner + "].address", l.address().text()
                        + " is not an address of this host (" + e.getMessage() + ")");
            } catch (IOException e) {
                // not a verdict on the address
            }
        }
    }

    /** Every apply (also the kernel's periodic one) keeps the master's log under {@link LogCap#MAX_BYTES}. */
    private static void capLog(Path log) {
        try {
            if (LogCap.trim(log, LogCap.MAX_BYTES)) {
                LOG.info("{} passed {} bytes: moved to {}.1", log, LogCap.MAX_BYTES, log.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("Cannot cut {}: {}", log, e.getMessage());
        }
    }

    private void purgeQuietly(ProxyHome h, Plan plan, Deadline deadline) {
        try {
            RuntimeApi.Outcome o = new RuntimeApi(h).purge(plan, deadline);
            if (o.deleted() > 0) {
                LOG.info("haproxy proxy {}: deleted {} drained servers", h.name(), o.deleted());
            }
        } catch (IOException e) {
            LOG.debug("haproxy proxy {}: cannot look for drained servers: {}", h.name(), e.getMessage());
        }
    }

    private void requireBinary() {
        if (!Files.isExecutable(settings.binary())) {
            throw new ProviderException("no haproxy at " + settings.binary()
                    + " (apt-get install haproxy, or set binary)", false);
        }
    }

    private ProxyHome home(String name) {
        return new ProxyHome(settings.dataDirectory(), name);
    }

    private static <T> T locked(ProxyHome h, Deadline deadline, Locked<T> body) {
        ReentrantLock lock = LOCKS.computeIfAbsent(h.dir(), d -> new ReentrantLock());
        try {
            if (!lock.tryLock(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ProviderException("haproxy proxy " + h.name() + " is busy with another operation", true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for haproxy proxy " + h.name(), true);
        }
        try {
            return body.run();
        } catch (IOException e) {
            throw new ProviderException("haproxy proxy " + h.name() + ": " + Checks.printable(e.getMessage()), true, e);
        } finally {
            lock.unlock();
        }
    }
}
