package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.atoll.plugin.nginx.internal.Fixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.ProviderStatus;
import org.atoll.spi.routing.ApplyResult;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotence, adoption by a new router instance, restart after a crash, and remove(). */
class LifecycleTest {

    private Fixture fixture;
    private NginxRouter router;
    private Backend a;
    private Backend b;

    @BeforeEach
    void start() {
        fixture = new Fixture();
        router = fixture.router();
        a = fixture.backend("a");
        b = fixture.backend("b");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theSameTableAgainChangesNothingAndDoesNotReload() {
        int port = freePort();
        ApplyResult first = router.apply("same", new RoutingTable(List.of(site("web", port, List.of("s.test"), a))));
        assertTrue(first.changed() && first.reloaded(), first.toString());
        long master = fixture.master("same");
        Set<Long> workers = Nginx.workers(master);
        byte[] conf = fixture.confBytes("same");

        ApplyResult again = router.apply("same", new RoutingTable(List.of(site("web", port, List.of("s.test"), a))));
        assertEquals(new ApplyResult(false, false, "nginx proxy same unchanged"), again);
        assertEquals(master, fixture.master("same"));
        assertEquals(workers, Nginx.workers(master), "no reload: the same workers");
        assertTrue(java.util.Arrays.equals(conf, fixture.confBytes("same")));

        ApplyResult changed = router.apply("same", new RoutingTable(List.of(site("web", port, List.of("s.test"), b))));
        assertTrue(changed.changed() && changed.reloaded(), changed.toString());
        assertEquals(master, fixture.master("same"), "a reload keeps the master");
        assertTrue(new HashSet<>(Nginx.workers(master)).stream().noneMatch(workers::contains), "new workers");
        assertEquals("b", Http.body(port, "s.test"));
    }

    @Test
    void aNewRouterInstanceAdoptsTheRunningNginxWithoutRestartingIt() throws Exception {
        int port = freePort();
        RoutingTable table = new RoutingTable(List.of(site("web", port, List.of("adopt.test"), a)), 2,
                List.of("127.0.0.53"));
        router.apply("adopt", table);
        long master = fixture.master("adopt");
        // detached: not a child of this JVM, the leader of a session of its own
        String[] stat = Files.readString(Path.of("/proc", Long.toString(master), "stat")).replaceFirst("^.*\\) ", "")
                .split(" ");
        assertTrue(Long.parseLong(stat[1]) != ProcessHandle.current().pid(), "parent " + stat[1]);
        assertEquals(master, Long.parseLong(stat[3]), "session");

        NginxRouter restarted = fixture.router();
        assertEquals(List.of("adopt"), restarted.proxies());
        assertEquals(Optional.of(table), restarted.current("adopt"));
        assertEquals(ProviderStatus.up(), restarted.status());
        assertEquals(new ApplyResult(false, false, "nginx proxy adopt unchanged"), restarted.apply("adopt", table));
        assertEquals(master, fixture.master("adopt"));
        assertEquals(2, Nginx.workers(master).size(), "workers = 2");

        restarted.apply("adopt", new RoutingTable(List.of(site("web", port, List.of("adopt.test"), b))));
        assertEquals(master, fixture.master("adopt"));
        assertEquals("b", Http.body(port, "adopt.test"));
        Waits.until(Duration.ofSeconds(10), "one worker left", () -> Procs.children(master).size() == 1);
    }

    @Test
    void aKilledNginxIsReportedAndStartedAgainByTheNextApply() {
        int port = freePort();
        RoutingTable table = new RoutingTable(List.of(site("web", port, List.of("crash.test"), a)));
        router.apply("crash", table);
        long master = fixture.master("crash");
        // the master first: it would replace a killed worker
        List<Long> workers = Procs.children(master);
        ProcessHandle.of(master).ifPresent(ProcessHandle::destroyForcibly);
        Waits.until(Duration.ofSeconds(10), "master gone", () -> !Procs.alive(master));
        workers.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        Waits.until(Duration.ofSeconds(10), "workers gone", () -> workers.stream().noneMatch(Procs::alive));
        assertEquals(List.of(), orphans(), "no worker of the killed master left");

        assertEquals(ProviderStatus.State.DEGRADED, router.status().state());
        assertTrue(router.status().message().contains("crash"), router.status().message());
        assertEquals(Optional.empty(), router.current("crash"));
        assertEquals(List.of(), router.proxies());

        ApplyResult r = router.apply("crash", table);
        assertTrue(r.changed() && r.message().startsWith("started nginx proxy crash"), r.toString());
        assertTrue(fixture.master("crash") != master);
        assertEquals("a", Http.body(port, "crash.test"));
        assertEquals(ProviderStatus.up(), router.status());
    }

    /** nginx workers whose error log is in this fixture's directory but whose master is gone. */
    private List<Long> orphans() {
        return Procs.all().stream().filter(p -> Procs.cmdline(p).startsWith("nginx: worker process"))
                .filter(p -> ProcessHandle.of(p).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                        .map(pp -> !Procs.cmdline(pp).startsWith("nginx: master process")).orElse(true))
                .filter(p -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc", Long.toString(p), "fd", "2")).toString()
                                .startsWith(fixture.root().toString());
                    } catch (java.io.IOException e) {
                        return false;
                    }
                })
                .toList();
    }

    @Test
    void removeStopsNginxLeavesNoProcessAndDeletesTheDirectory() {
        int port = freePort();
        router.apply("gone", new RoutingTable(List.of(site("web", port, List.of("gone.test"), a))));
        router.apply("kept", new RoutingTable(List.of(site("web", freePort(), List.of("kept.test"), a))));
        assertEquals(List.of("gone", "kept"), router.proxies());
        long master = fixture.master("gone");
        Set<Long> all = new HashSet<>(Procs.children(master));
        all.add(master);

        router.remove("gone");
        assertTrue(all.stream().noneMatch(Procs::alive), "master and workers are gone");
        assertFalse(Files.exists(fixture.root().resolve("gone")));
        assertEquals(List.of("kept"), router.proxies());
        assertEquals(Optional.empty(), router.current("gone"));
        assertThrows(UncheckedIOException.class, () -> Http.get(port, "gone.test", "/"));
        assertEquals(List.of(), orphans());
        router.remove("gone");
        router.remove("never-was");
    }

    @Test
    void removeKillsNginxWhenARequestOutlastsTheTimeout() throws Exception {
        NginxRouter impatient = fixture.router(1);
        int port = freePort();
        impatient.apply("stuck", new RoutingTable(List.of(site("web", port, List.of("stuck.test"), a))));
        long master = fixture.master("stuck");
        Set<Long> all = new HashSet<>(Procs.children(master));
        all.add(master);
        CompletableFuture<Http.Response> slow = CompletableFuture.supplyAsync(() -> Http.get(port, "stuck.test",
                "/slow"));
        Waits.until(Duration.ofSeconds(10), "a request in flight", () -> a.open() == 1);

        long start = System.nanoTime();
        impatient.remove("stuck");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 900 && millis < 5000, millis + " ms");
        assertTrue(all.stream().noneMatch(Procs::alive), "master and workers are gone");
        assertEquals(List.of(), orphans());
        assertFalse(Files.exists(fixture.root().resolve("stuck")));
        a.release();
        assertThrows(Exception.class, () -> slow.get(10, TimeUnit.SECONDS), "the request was cut");
    }
}
