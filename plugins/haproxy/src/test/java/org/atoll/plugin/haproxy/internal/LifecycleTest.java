package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atoll.spi.routing.ApplyResult;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotence, server changes through the Runtime API, adoption by a new instance, removal. */
class LifecycleTest {

    private static Fixture fx;

    @BeforeAll
    static void start() throws IOException {
        fx = new Fixture();
    }

    @AfterAll
    static void stop() throws IOException {
        fx.close();
    }

    @Test
    void sameTableTwiceChangesNothing() throws IOException {
        Backend a = fx.backend("a");
        int port = Fixture.freePort();
        RoutingTable t = Fixture.table(Fixture.site("web", port, List.of("x.example"), a));
        ApplyResult first = fx.router.apply("same", t);
        long master = fx.masterPid("same");
        assertEquals(new ApplyResult(true, false, "haproxy proxy same: started (master process " + master + ")"), first);
        List<Long> workers = fx.currentWorkers("same");
        byte[] config = fx.config("same");

        ApplyResult again = fx.router.apply("same", t);
        assertEquals(new ApplyResult(false, false, "haproxy proxy same: unchanged"), again);
        assertEquals(master, fx.masterPid("same"));
        assertEquals(workers, fx.currentWorkers("same"));
        assertTrue(java.util.Arrays.equals(config, fx.config("same")));
        assertEquals(Optional.of(t), fx.router.current("same"));
        assertTrue(fx.router.proxies().contains("same"));
    }

    @Test
    void workersDropToTheHaproxyAccountWhileTheMasterKeepsAtollsUser() throws IOException {
        Backend a = fx.backend("a");
        fx.router.apply("who", Fixture.table(Fixture.site("web", Fixture.freePort(), List.of("x.example"), a)));
        long master = fx.masterPid("who");
        boolean root = Settings.isRoot();
        Settings.RunAs haproxy = Settings.runAs("haproxy", java.nio.file.Path.of("/etc/passwd"), new java.util.ArrayList<>());
        long own = ((Number) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid")).longValue();
        assertEquals(List.of(own, own), ids(master, "Uid:"), "the master can reload");
        List<Long> workers = fx.currentWorkers("who");
        assertTrue(!workers.isEmpty());
        for (long w : workers) {
            if (root) {
                assertEquals(List.of((long) haproxy.uid(), (long) haproxy.uid()), ids(w, "Uid:"), "worker " + w);
                assertEquals(List.of((long) haproxy.gid(), (long) haproxy.gid()), ids(w, "Gid:"), "worker " + w);
            } else {
                assertEquals(List.of(own, own), ids(w, "Uid:"), "a non-root Atoll's workers keep its user");
            }
        }
    }

    /** The real and effective ids of a process, from its status. */
    private static List<Long> ids(long pid, String field) throws IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                String[] f = line.substring(field.length()).trim().split("\\s+");
                return List.of(Long.parseLong(f[0]), Long.parseLong(f[1]));
            }
        }
        throw new IllegalStateException("no " + field + " for " + pid);
    }

    @Test
    void backendChangesGoThroughTheRuntimeApiWithoutAReload() throws IOException {
        Backend a = fx.backend("a");
        Backend b = fx.backend("b");
        Backend c = fx.backend("c");
        int port = Fixture.freePort();
        Frontend web = Fixture.site("web", port, List.of(), "roundrobin", a, b);
        fx.router.apply("rt", Fixture.table(web));
        assertEquals(Map.of("a", 2, "b", 2), BalancingTest.count(port, 4));
        List<Long> workers = fx.currentWorkers("rt");
        assertEquals(1, workers.size());

        // add c, remove b: no reload, same worker; c serves at once, b gets nothing more.
        ApplyResult r = fx.router.apply("rt", Fixture.table(web.withBackends(List.of(a.server(), c.server()))));
        assertEquals(true, r.changed(), r.message());
        assertEquals(false, r.reloaded(), r.message());
        int bBefore = b.requests();
        assertEquals(Map.of("a", 5, "c", 5), BalancingTest.count(port, 10));
        assertEquals(bBefore, b.requests());
        assertEquals(workers, fx.currentWorkers("rt"));
        String config = new String(fx.config("rt"));
        assertTrue(config.contains("server c 127.0.0.1:" + c.port()), "the file has the new server");
        assertFalse(config.contains("server b "), "the file lost the removed server");

        // re-address a server under the same name: a's name now points at b's port.
        Backend d = fx.backend("d");
        r = fx.router.apply("rt", Fixture.table(web.withBackends(List.of(
                new org.atoll.spi.routing.BackendServer("a", "127.0.0.1", d.port()), c.server()))));
        assertFalse(r.reloaded(), r.message());
        assertEquals(Map.of("c", 5, "d", 5), BalancingTest.count(port, 10));
        assertEquals(workers, fx.currentWorkers("rt"));

        // a frontend change needs a reload: a new worker.
        r = fx.router.apply("rt", Fixture.table(web.withBackends(List.of(c.server())),
                Fixture.site("other", Fixture.freePort(), List.of(), a)));
        assertTrue(r.reloaded(), r.message());
        assertNotEquals(workers, fx.currentWorkers("rt"));
        assertEquals(Map.of("c", 4), BalancingTest.count(port, 4));
    }

    @Test
    void aNewInstanceAdoptsTheRunningProxy() throws IOException {
        Backend a = fx.backend("a");
        Backend b = fx.backend("b");
        int port = Fixture.freePort();
        RoutingTable t = Fixture.table(Fixture.site("web", port, List.of(), a));
        fx.router.apply("adopt", t);
        long master = fx.masterPid("adopt");

        HaproxyRouter second = fx.newRouter();
        assertTrue(second.proxies().contains("adopt"));
        assertEquals(Optional.of(t), second.current("adopt"));
        assertFalse(second.apply("adopt", t).changed());
        assertEquals(master, fx.masterPid("adopt"));
        ApplyResult r = second.apply("adopt", Fixture.table(Fixture.site("web", port, List.of(), a, b)));
        assertFalse(r.reloaded(), r.message());
        assertEquals(master, fx.masterPid("adopt"));
        assertEquals(2, BalancingTest.count(port, 4).size());

        // a stale pid file does not hide the running master either
        Files.writeString(fx.dir("adopt").resolve("haproxy.pid"), "1\n");
        assertFalse(fx.newRouter().apply("adopt", Fixture.table(Fixture.site("web", port, List.of(), a, b))).changed());
    }

    @Test
    void removeStopsEverythingAndDeletesTheDirectory() throws IOException {
        Backend a = fx.backend("a");
        int port = Fixture.freePort();
        fx.router.apply("gone", Fixture.table(Fixture.site("web", port, List.of(), a)));
        long master = fx.masterPid("gone");
        List<Long> workers = fx.currentWorkers("gone");

        fx.router.remove("gone");
        assertFalse(alive(master));
        workers.forEach(w -> assertFalse(alive(w), "worker " + w));
        assertFalse(Files.exists(fx.dir("gone")));
        assertFalse(fx.router.proxies().contains("gone"));
        assertEquals(Optional.empty(), fx.router.current("gone"));
        fx.router.remove("gone");
        fx.router.remove("never-was");
    }

    @Test
    void socketsMoveOutOfADirectoryTooDeepForThem() throws IOException {
        Path deep = fx.root.resolve("d".repeat(60)).resolve("e".repeat(40));
        try (Fixture deepFx = new Fixture(deep)) {
            Backend a = deepFx.backend("a");
            int port = Fixture.freePort();
            deepFx.router.apply("deep", Fixture.table(Fixture.site("web", port, List.of(), a)));
            assertEquals("a", Http.get(port, "x", "/").server());
            Path sockets = new ProxyHome(deep, "deep").socketDirectory();
            assertTrue(sockets.toString().startsWith("/run/atoll-haproxy/") || sockets.toString().startsWith("/tmp/"),
                    sockets.toString());
            assertTrue(Files.exists(sockets.resolve("master.sock")));
            HaproxyRouter second = deepFx.newRouter();
            assertFalse(second.apply("deep", Fixture.table(Fixture.site("web", port, List.of(), a))).changed());
            second.remove("deep");
            assertFalse(Files.exists(sockets));
        }
    }

    private static boolean alive(long pid) {
        return Procs.alive(pid);
    }
}
