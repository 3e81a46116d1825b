package org.atoll.plugin.nginx.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.ApplyResult;
import org.atoll.spi.routing.RoutingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxies under the data directory, one nginx each. An apply renders the whole configuration,
 * checks it with {@code nginx -t} in a scratch prefix, and only then installs it (temporary file and
 * rename) and reloads or starts nginx; when nginx refuses it at that point the previous file is put back
 * (the master still serves it). Operations on one proxy are serialised within the JVM.
 */
final class Proxies {

    private static final Logger LOG = LoggerFactory.getLogger(Proxies.class);
    /** Shared by every instance in the JVM: a second router on the same directory waits too. */
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final Pattern CERT_REFERENCE = Pattern.compile("certs/[0-9a-f]{64}\\.(crt|key)");

    private final Settings settings;
    private final Nginx nginx;

    Proxies(Settings settings) {
        this.settings = settings;
        this.nginx = new Nginx(settings.binary());
    }

    ApplyResult apply(String name, RoutingTable table) {
        Plan plan = TableCheck.check(table);
        byte[] conf = ConfigText.render(name, plan, ipv6()).getBytes(StandardCharsets.UTF_8);
        byte[] json = Tables.bytes(table);
        if (!Files.isExecutable(settings.binary())) {
            throw new ProviderException("no nginx at " + settings.binary() + " (apt-get install nginx-light, or set"
                    + " binary)", true);
        }
        ProxyHome h = home(name);
        return locked(h, () -> {
            try {
                return install(h, plan, conf, json);
            } catch (IOException e) {
                throw new ProviderException("nginx proxy " + name + ": " + e.getMessage(), true, e);
            }
        });
    }

    /** Every apply (also the kernel's periodic one) keeps the proxy's logs under {@link LogCap#MAX_BYTES} each. */
    private static void capLog(Path log) {
        try {
            if (LogCap.trim(log, LogCap.MAX_BYTES)) {
                LOG.info("{} passed {} bytes: moved to {}.1", log, LogCap.MAX_BYTES, log.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("Cannot cut {}: {}", log, e.getMessage());
        }
    }

    private ApplyResult install(ProxyHome h, Plan plan, byte[] conf, byte[] json) throws IOException {
        Deadline deadline = Deadline.after(settings.timeout());
        boolean existed = h.exists();
        if (existed) {
            capLog(h.errorLog());
            capLog(h.consoleLog());
        }
        Optional<byte[]> live = existed ? h.liveConf() : Optional.empty();
        OptionalLong master = existed ? nginx.find(h) : OptionalLong.empty();
        if (master.isPresent() && live.isPresent() && Arrays.equals(live.get(), conf)) {
            if (Arrays.equals(json, read(h.table()))) {
                return new ApplyResult(false, false, "nginx proxy " + h.name() + " unchanged");
            }
            ProxyHome.write(h.table(), json);
            return new ApplyResult(true, false, "nginx proxy " + h.name() + ": same configuration, table recorded");
        }
        h.create();
        try {
            Path stage = h.stageWith(conf, plan.files());
            Optional<String> refused = nginx.test(stage, deadline);
            if (refused.isPresent()) {
                throw new ProviderException("nginx refused the configuration of proxy " + h.name() + ": "
                        + readable(refused.get(), stage, plan), false);
            }
        } catch (IOException | RuntimeException e) {
            if (!existed) {
                ProxyHome.deleteTree(h.dir());
            }
            throw e;
        } finally {
            ProxyHome.deleteTree(h.stage());
        }
        h.install(plan.files());
        ProxyHome.write(h.conf(), conf);
        String done;
        try {
            if (master.isPresent()) {
                nginx.reload(h, master.getAsLong(), plan.workers(), deadline);
                done = "reloaded nginx proxy " + h.name() + " (process " + master.getAsLong() + ")";
            } else {
                done = "started nginx proxy " + h.name() + " (process " + nginx.start(h, plan.workers(), deadline) + ")";
            }
        } catch (RuntimeException e) {
            restore(h, live, existed);
            throw e;
        }
        ProxyHome.write(h.table(), json);
        h.pruneCertificates(plan.files().keySet());
        LOG.info("{}: {} frontends on {} listeners", done, plan.listeners().stream().mapToInt(l -> l.sites().size())
                .sum(), plan.listeners().size());
        return new ApplyResult(true, true, done);
    }

    /** nginx's message with the copies of certificates and keys named after the files and fields they came from. */
    private static String readable(String message, Path stage, Plan plan) {
        String m = message;
        for (var origin : plan.origins().entrySet()) {
            m = m.replace(stage.resolve(origin.getKey()).toString(), origin.getValue());
        }
        return m.replace(stage + "/", "");
    }

    /** Puts the previous configuration back (nginx kept serving it), or removes what a first apply created. */
    private void restore(ProxyHome h, Optional<byte[]> previous, boolean existed) {
        try {
            if (previous.isPresent()) {
                ProxyHome.write(h.conf(), previous.get());
                h.pruneCertificates(references(previous.get()));
            } else if (!existed) {
                ProxyHome.deleteTree(h.dir());
            } else {
                Files.deleteIfExists(h.conf());
            }
        } catch (IOException e) {
            LOG.error("nginx proxy {}: cannot restore the previous configuration: {}", h.name(), e.getMessage());
        }
    }

    void remove(String name) {
        ProxyHome h = home(name);
        locked(h, () -> {
            OptionalLong master = nginx.find(h);
            if (master.isPresent()) {
                nginx.stop(h, master.getAsLong(), Deadline.after(settings.timeout()));
                LOG.info("stopped nginx proxy {} (process {})", name, master.getAsLong());
            }
            try {
                ProxyHome.deleteTree(h.dir());
            } catch (IOException e) {
                throw new ProviderException("cannot delete the directory of nginx proxy " + name + ": "
                        + e.getMessage(), true, e);
            }
            return null;
        });
    }

    /** The table of a running proxy. */
    Optional<RoutingTable> current(String name) {
        ProxyHome h = home(name);
        if (!h.exists() || nginx.find(h).isEmpty()) {
            return Optional.empty();
        }
        return Tables.read(h.table());
    }

    /** The proxies with a running nginx. */
    List<String> running() {
        return directories().stream().filter(n -> nginx.find(home(n)).isPresent()).toList();
    }

    /** The proxies with a configuration but no nginx, e.g. after the host restarted. */
    List<String> stopped() {
        return directories().stream().filter(n -> Files.isRegularFile(home(n).conf()))
                .filter(n -> nginx.find(home(n)).isEmpty()).toList();
    }

    private List<String> directories() {
        if (!Files.isDirectory(settings.dataDirectory())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(settings.dataDirectory())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private ProxyHome home(String name) {
        return new ProxyHome(settings.dataDirectory(), name);
    }

    private <T> T locked(ProxyHome h, Supplier<T> action) {
        ReentrantLock lock = LOCKS.computeIfAbsent(h.dir(), d -> new ReentrantLock());
        try {
            if (!lock.tryLock(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ProviderException("nginx proxy " + h.name() + " is busy with another operation", true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for nginx proxy " + h.name(), true);
        }
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static Set<String> references(byte[] conf) {
        Matcher m = CERT_REFERENCE.matcher(new String(conf, StandardCharsets.UTF_8));
        return m.results().map(r -> r.group()).collect(Collectors.toSet());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Whether the host has IPv6 addresses, so that all-addresses listeners also bind [::]. */
    static boolean ipv6() {
        try {
            return !Files.readString(Path.of("/proc/net/if_inet6")).isBlank();
        } catch (IOException e) {
            return false;
        }
    }
}
