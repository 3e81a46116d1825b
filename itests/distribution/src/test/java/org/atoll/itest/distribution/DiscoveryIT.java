package org.atoll.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service discovery end to end on the booted distribution: {@code registry-add} runs a real etcd
 * as a container, real containers publish themselves to it, and etcd's own JSON gateway — not the
 * plugin under test — shows what any client sees.
 */
class DiscoveryIT {

    private static final String DEPLOYMENT = "disco";
    private static final String IMAGE = "atoll-example/web:1";
    private static final String ETCD_IMAGE = "atoll/etcd:3.4.23";
    private static final String REGISTRY_ADDRESS = "127.0.0.11";
    private static final String PREFIX = "/services/" + DEPLOYMENT + "/";
    private static final Duration COMMAND = Duration.ofSeconds(120);
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration SOON = Duration.ofSeconds(15);

    @BeforeAll
    static void prepare() throws Exception {
        DockerCli.requireEngine();
        DockerCli.ensureImage(Path.of(System.getProperty("atoll.examples"), "web", "build-image.sh"), IMAGE);
        DockerCli.ensureImage(Path.of(System.getProperty("atoll.plugins"), "etcd", "image", "build-image.sh"),
                ETCD_IMAGE);
        DockerCli.removeDeployment(DEPLOYMENT);
        DockerCli.removeDeployment("atoll-registry");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        DockerCli.removeDeployment(DEPLOYMENT);
        DockerCli.removeDeployment("atoll-registry");
    }

    @Test
    void containersPublishThemselvesAndNoGhostOutlivesAKill() throws Exception {
        try (KarafHome karaf = KarafHome.unpack(Path.of(System.getProperty("atoll.distribution")),
                Path.of(System.getProperty("atoll.workDirectory")), "discovery");
                EtcdGateway etcd = new EtcdGateway("http://" + REGISTRY_ADDRESS + ":2379")) {
            karaf.configure("org.atoll.kernel.cfg", Map.of("node.name", "n1", "discovery.resync.seconds", "5"));
            // a lease far longer than the test's deadlines: what goes away goes because Atoll removed it
            karaf.configure("org.atoll.discovery.etcd.cfg", Map.of("lease.ttl.seconds", "120"));
            karaf.startServer();
            awaitPlugins(karaf);

            KarafHome.Run added = karaf.client("atoll:registry-add n1 " + REGISTRY_ADDRESS, COMMAND);
            assertEquals(0, added.exitCode, added.toString());
            assertTrue(added.output.contains("Added etcd registry etcd-11 on n1 at " + REGISTRY_ADDRESS + "."),
                    added.toString());
            KarafHome.Run again = karaf.client("atoll:registry-add n1 " + REGISTRY_ADDRESS, COMMAND);
            assertTrue(again.output.contains("Registry etcd-11 exists already; nothing changed."), again.toString());
            KarafHome.Run second = karaf.client("atoll:registry-add n1 127.0.0.12", COMMAND);
            assertTrue(second.output.contains("Added etcd registry etcd-12 on n1 at 127.0.0.12, joining etcd-11."),
                    second.toString());
            assertEquals(List.of("etcd-11", "etcd-12"), etcd.members());
            KarafHome.Run list = karaf.client("atoll:registry-list --no-format", COMMAND);
            assertEquals(2, list.output.lines().filter(l -> l.startsWith("etcd-1") && l.contains("running")
                    && l.contains("UP")).count(), list.toString());

            List<EtcdGateway.Event> events = new CopyOnWriteArrayList<>();
            etcd.watch(PREFIX, events);

            Path file = Files.writeString(karaf.home.resolve("disco.Servicefile"), """
                    web:
                      image: %s
                      ports: [80]
                      count: 2
                      checks:
                        - {name: alive, type: tcp, target: "80"}
                        - {name: page, type: http, target: "http://localhost/"}
                    """.formatted(IMAGE));
            KarafHome.Run deployed = karaf.client("atoll:deploy -D " + DEPLOYMENT + " " + file, COMMAND);
            assertEquals(0, deployed.exitCode, deployed.toString());

            Map<String, DockerCli.Container> containers = DockerCli.containers(DEPLOYMENT);
            awaitKeys(etcd, expectedKeys(containers));
            String value = etcd.range(PREFIX).values().iterator().next();
            for (String field : List.of("\"id\"", "\"host\"", "\"ipaddress\"", "\"host_port\"", "\"port\"", "\"proto\"",
                    "\"tags\"", "\"name\"", "\"image\"")) {
                assertTrue(value.contains(field), field + " in " + value);
            }
            assertTrue(value.contains("\"ipaddress\":\"127.0.0.1\""), value);
            Await.until("both checks passing", SOON, Duration.ofMillis(200), () -> {
                KarafHome.Run services = karaf.client("atoll:services --no-format", COMMAND);
                long passing = services.output.lines().filter(l -> l.contains("disco-web-1-")
                        && l.contains("alive=passing") && l.contains("page=passing")).count();
                return passing == 2 ? services : null;
            });

            // killed: withdrawn; restarted by the reconciler: published again within a second of its start
            String killedKey = keyOf("disco-web-1-1", containers.get("disco-web-1-1"), etcd);
            events.clear();
            DockerCli.run("kill", "disco-web-1-1");
            Await.until("the killed container's key deleted", SOON, Duration.ofMillis(50),
                    () -> events.stream().anyMatch(e -> e.type().equals("DELETE") && e.key().equals(killedKey)) ? 1 : null);
            EtcdGateway.Event back = Await.until("the restarted container published", SOON, Duration.ofMillis(50),
                    () -> events.stream().filter(e -> e.type().equals("PUT") && e.key().contains("/disco-web-1-1:"))
                            .findFirst().orElse(null));
            Instant started = Instant.parse(DockerCli.run("inspect", "-f", "{{.State.StartedAt}}", "disco-web-1-1").strip());
            long latency = back.receivedEpochMillis() - started.toEpochMilli();
            System.out.println("[discovery] restarted container start -> registration seen by a watcher: " + latency + " ms");
            assertTrue(latency < 1000, "published " + latency + " ms after the container started");

            // stopped: withdrawn
            events.clear();
            containers = DockerCli.containers(DEPLOYMENT);
            String stoppedKey = keyOf("disco-web-1-2", containers.get("disco-web-1-2"), etcd);
            DockerCli.run("stop", "-t", "1", "disco-web-1-2");
            Await.until("the stopped container's key deleted", SOON, Duration.ofMillis(50),
                    () -> events.stream().anyMatch(e -> e.type().equals("DELETE") && e.key().equals(stoppedKey)) ? 1 : null);
            awaitKeys(etcd, expectedKeys(DockerCli.containers(DEPLOYMENT)));

            // services and checks added by hand, and a published service
            run(karaf, "atoll:service-add disco:web wordpress 80", "Added service wordpress at port 80/tcp to disco:web.");
            run(karaf, "atoll:check-add disco-web-1-1 closed tcp 81", "Added tcp check closed (81) to disco-web-1-1.");
            run(karaf, "atoll:service-publish minio 127.0.0.1:9", "Published service minio at 127.0.0.1:9.");
            run(karaf, "atoll:check-publish minio-check tcp 127.0.0.1:9", "Published tcp check minio-check of service minio.");
            Await.until("wordpress, the failing check and minio visible", SOON, Duration.ofMillis(200), () -> {
                KarafHome.Run services = karaf.client("atoll:services --no-format", COMMAND);
                List<String> lines = services.output.lines().toList();
                boolean wordpress = lines.stream().filter(l -> l.contains("wordpress")).count() == 2;
                boolean failing = lines.stream().anyMatch(l -> l.contains("disco-web-1-1:web:80") && l.contains("critical")
                        && l.contains("closed=critical"));
                boolean minio = lines.stream().anyMatch(l -> l.contains("minio") && l.contains("minio-check=critical"));
                return wordpress && failing && minio ? services : null;
            });
            KarafHome.Run bad = karaf.client("atoll:check-add disco:web evil http http://example.org/", COMMAND);
            assertTrue(bad.output.contains("must target the instance itself"), bad.toString());
            run(karaf, "atoll:service-remove disco:web wordpress", "Removed service wordpress from disco:web.");
            run(karaf, "atoll:check-remove disco-web-1-1 closed", "Removed check closed from disco-web-1-1.");
            run(karaf, "atoll:service-unpublish minio", "Withdrew published service minio.");
            awaitKeys(etcd, expectedKeys(DockerCli.containers(DEPLOYMENT)));

            // kill -9 of the kernel; meanwhile a container goes away and comes back on another host port
            Map<String, String> before = etcd.range(PREFIX);
            long pid = karaf.jvmPid().orElseThrow();
            karaf.kill9(pid, COMMAND);
            String ghost = keyOf("disco-web-1-2", DockerCli.containers(DEPLOYMENT).get("disco-web-1-2"), etcd);
            DockerCli.run("rm", "-f", "disco-web-1-2");
            assertTrue(etcd.range(PREFIX).containsKey(ghost), "the registration outlives the kernel: " + before);
            karaf.startServer();
            Await.until("disco-web-1-2 running again", BOOT, Duration.ofMillis(250), () ->
                    DockerCli.containers(DEPLOYMENT).values().stream().filter(c -> c.state().equals("running")).count() == 2
                            ? 1 : null);
            Set<String> expected = expectedKeys(DockerCli.containers(DEPLOYMENT));
            Map<String, String> after = awaitKeys(etcd, expected);
            if (!expected.contains(ghost)) { // the new container got another host port, as Docker does
                assertTrue(!after.containsKey(ghost), "ghost " + ghost + " is gone");
            }
            System.out.println("[discovery] after kill -9 and restart: " + after.keySet());

            KarafHome.Run left = karaf.client("atoll:registry-remove etcd-12", COMMAND);
            assertTrue(left.output.contains("Removed registry etcd-12. Its instance will be stopped."), left.toString());
            assertEquals(List.of("etcd-11"), etcd.members());
            awaitKeys(etcd, expectedKeys(DockerCli.containers(DEPLOYMENT)));
            KarafHome.Run removed = karaf.client("atoll:registry-remove etcd-11", COMMAND);
            assertTrue(removed.output.contains("Removed registry etcd-11. Its instance will be stopped."), removed.toString());
            Await.until("the registry's container removed", SOON, Duration.ofMillis(200),
                    () -> DockerCli.names("atoll-registry").isEmpty() ? 1 : null);
        }
    }

    private static void run(KarafHome karaf, String command, String expected) throws Exception {
        KarafHome.Run run = karaf.client(command, COMMAND);
        assertTrue(run.output.contains(expected), run.toString());
    }

    /** The registration keys the running containers should have: one per container, port 80. */
    private static Set<String> expectedKeys(Map<String, DockerCli.Container> containers) throws Exception {
        Set<String> out = new TreeSet<>();
        for (DockerCli.Container c : containers.values()) {
            if (c.state().equals("running")) {
                out.add(PREFIX + "web/80/" + hostPort(c.name()) + "/" + c.name() + ":web:80");
            }
        }
        return out;
    }

    private static String hostPort(String container) throws Exception {
        String port = DockerCli.run("port", container, "80/tcp").lines().findFirst().orElseThrow().strip();
        return port.substring(port.lastIndexOf(':') + 1);
    }

    private static String keyOf(String name, DockerCli.Container c, EtcdGateway etcd) throws Exception {
        return etcd.range(PREFIX).keySet().stream().filter(k -> k.endsWith("/" + name + ":web:80")).findFirst()
                .orElseThrow(() -> new AssertionError("no key for " + name + " (" + c + ")"));
    }

    private static Map<String, String> awaitKeys(EtcdGateway etcd, Set<String> expected) {
        return Await.until("registrations " + expected, SOON, Duration.ofMillis(100), () -> {
            Map<String, String> now = etcd.range(PREFIX);
            if (!now.keySet().equals(expected)) {
                throw new IllegalStateException("registered: " + now.keySet().stream().sorted()
                        .collect(Collectors.joining(", ")));
            }
            return now;
        });
    }

    private static void awaitPlugins(KarafHome karaf) {
        Await.until("docker and etcd UP in atoll:plugins", BOOT, Duration.ofMillis(250), () -> {
            KarafHome.Run run = karaf.client("atoll:plugins --no-format", COMMAND);
            boolean docker = run.output.lines().map(l -> l.split("\t")).anyMatch(c -> c.length > 3
                    && c[1].strip().equals("docker") && c[3].strip().equals("UP"));
            boolean etcd = run.output.lines().map(l -> l.split("\t")).anyMatch(c -> c.length > 1
                    && c[1].strip().equals("etcd"));
            if (run.exitCode != 0 || !docker || !etcd) {
                throw new IllegalStateException(run.toString());
            }
            return run;
        });
    }
}
