package org.atoll.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing end to end on the booted distribution, with real HAProxy, Nginx, etcd and containers: a
 * load balancer follows a discovered service with no command, a published port forwards it, a
 * webserver publishes an app over TLS with HTTP/2, a routing domain asks for digest credentials, a
 * refused certificate changes nothing, and a kill -9 of the kernel leaves the proxies serving.
 */
class RoutingIT {

    private static final String DEPLOYMENT = "shop";
    private static final String IMAGE = "atoll-example/web:1";
    private static final String ETCD_IMAGE = "atoll/etcd:3.4.23";
    private static final String REGISTRY_ADDRESS = "127.0.0.13";
    private static final Duration COMMAND = Duration.ofSeconds(120);
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration SOON = Duration.ofSeconds(20);

    @BeforeAll
    static void prepare() throws Exception {
        DockerCli.requireEngine();
        DockerCli.ensureImage(Path.of(System.getProperty("atoll.examples"), "web", "build-image.sh"), IMAGE);
        DockerCli.ensureImage(Path.of(System.getProperty("atoll.plugins"), "etcd", "image", "build-image.sh"),
                ETCD_IMAGE);
        DockerCli.removeDeployment(DEPLOYMENT);
        DockerCli.removeDeployment("atoll-registry");
        killLeftoverProxies();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        DockerCli.removeDeployment(DEPLOYMENT);
        DockerCli.removeDeployment("atoll-registry");
        killLeftoverProxies();
    }

    /**
     * Proxies outlive Atoll by design; a failed run leaves its own behind, bound to the addresses the
     * next run uses. Only processes of this module's work directory are touched.
     */
    static void killLeftoverProxies() throws IOException {
        String work = Path.of(System.getProperty("atoll.workDirectory")).toAbsolutePath().toString();
        for (long pid : pids("")) {
            if (cmdline(pid).contains(work)) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
            }
        }
    }

    @Test
    void proxiesFollowTheContainersAndSurviveTheKernel() throws Exception {
        int domainsPort = freePort();
        int published = freePort();
        try (KarafHome karaf = KarafHome.unpack(Path.of(System.getProperty("atoll.distribution")),
                Path.of(System.getProperty("atoll.workDirectory")), "routing")) {
            Path hosts = karaf.home.resolve("hosts");
            Files.writeString(hosts, "127.0.0.1 localhost\n");
            karaf.configure("org.atoll.kernel.cfg", Map.of("node.name", "n1", "discovery.resync.seconds", "5",
                    "routing.domains.port", Integer.toString(domainsPort), "routing.hosts.file", hosts.toString(),
                    "routing.address.range", "127.0.2.0/24"));
            karaf.startServer();
            awaitPlugins(karaf);
            run(karaf, "atoll:registry-add n1 " + REGISTRY_ADDRESS, "Added etcd registry etcd-13");

            Path file = Files.writeString(karaf.home.resolve("shop.Servicefile"), """
                    web:
                      image: %s
                      ports: [80]
                      count: 2
                    Domains:
                      shop.example:
                        http: shop:web
                        auth: {alice: wonder-land}
                    """.formatted(IMAGE));
            KarafHome.Run deployed = run(karaf, "atoll:deploy -D " + DEPLOYMENT + " " + file,
                    "Routing domains: shop.example → shop:web (digest auth), on 127.0.0.1:" + domainsPort + ".");
            assertEquals(0, deployed.exitCode, deployed.toString());

            // a load balancer that follows the service: both instances answer, with no command
            run(karaf, "atoll:lb-add -n ha1 -b service:web haproxy n1",
                    "Added haproxy load balancer ha1 on n1 at 127.0.2.1:80, 1 backend.");
            Set<String> instances = awaitAnswering("127.0.2.1", 80, "any", 2);
            System.out.println("[routing] ha1 spreads over " + instances);

            // scaled up: the new instance gets traffic with no routing command
            Files.writeString(file, Files.readString(file).replace("count: 2", "count: 3"));
            run(karaf, "atoll:deploy -D " + DEPLOYMENT + " " + file, "");
            instances = awaitAnswering("127.0.2.1", 80, "any", 3);
            String data = karaf.home.toAbsolutePath() + "/data/atoll/";
            long haproxyMaster = onlyPid(data + "haproxy/ha1/");
            // on their own node, instances are reached at their container address, not the published port
            String own = DockerCli.run("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "shop-web-1-1").strip();
            assertTrue(Files.readString(liveConfig(karaf, "haproxy", "ha1")).contains(" " + own + ":80 "),
                    "ha1 routes to " + own + ":80: " + Files.readString(liveConfig(karaf, "haproxy", "ha1")));

            // killed: no request fails, and it stops receiving traffic
            DockerCli.run("kill", "shop-web-1-3");
            AtomicInteger failed = new AtomicInteger();
            Set<String> after = new TreeSet<>();
            for (int i = 0; i < 60; i++) {
                RawHttp.Response r = RawHttp.get("127.0.2.1", 80, "any", "/cgi-bin/hello", Map.of());
                if (r.status() != 200) {
                    failed.incrementAndGet();
                } else {
                    after.add(instanceOf(r.body()));
                }
            }
            assertEquals(0, failed.get(), "requests failed while an instance died");
            System.out.println("[routing] after the kill, answers from " + after);

            // published on the node's address
            run(karaf, "atoll:port-publish -H " + published + " n1:ha1 80",
                    "Published port 80 of ha1 on n1 at 127.0.0.1:" + published + ".");
            assertEquals(200, RawHttp.get("127.0.0.1", published, "any", "/cgi-bin/hello", Map.of()).status());

            // a refused certificate (its key belongs to another) changes nothing
            Path a = selfSigned(karaf.home.resolve("a"), "a.example");
            Path b = selfSigned(karaf.home.resolve("b"), "b.example");
            Path live = liveConfig(karaf, "haproxy", "ha1");
            byte[] before = Files.readAllBytes(live);
            KarafHome.Run refused = karaf.client("atoll:lb-set ha1 ssl " + a.resolve("cert.pem") + " "
                    + b.resolve("key.pem"), COMMAND);
            assertTrue(refused.output.contains("ha1: refused, nothing changed:"), refused.toString());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(live)), "the live config is byte-identical");
            assertEquals(200, RawHttp.get("127.0.2.1", 80, "any", "/cgi-bin/hello", Map.of()).status());
            assertTrue(!karaf.client("atoll:lb-list --no-format", COMMAND).output.contains("tls"));

            // a webserver publishing the service over TLS with a generated certificate, HTTP/2 offered
            run(karaf, "atoll:ws-add -n ws1 n1", "Added webserver ws1 on n1 at 127.0.2.2");
            run(karaf, "atoll:app-publish -s ws1 shop.test service:web",
                    "Published shop.test on ws1 → service:web (HTTP and HTTPS, self-signed certificate).");
            Await.until("shop.test served over TLS", SOON, Duration.ofMillis(200), () -> {
                RawHttp.Response r = RawHttp.getTls("127.0.2.2", 443, "shop.test", "/cgi-bin/hello");
                return r.status() == 200 && r.body().contains("from shop-web-") ? r : null;
            });
            String[] negotiated = RawHttp.alpn("127.0.2.2", 443, "shop.test");
            assertEquals("h2", negotiated[0]);
            assertEquals("CN=shop.test", negotiated[1]);
            assertEquals(404, RawHttp.get("127.0.2.2", 80, "other.test", "/", Map.of()).status());
            run(karaf, "atoll:hosts-add shop.test 127.0.2.2", "Added shop.test → 127.0.2.2");
            Await.until("the managed hosts block", SOON, Duration.ofMillis(100),
                    () -> Files.readString(hosts).contains("127.0.2.2 shop.test") ? 1 : null);

            // the routing domain wants digest credentials
            RawHttp.Response challenge = Await.until("the domain answers", SOON, Duration.ofMillis(200), () -> {
                RawHttp.Response r = RawHttp.get("127.0.0.1", domainsPort, "shop.example", "/cgi-bin/hello", Map.of());
                return r.status() == 401 ? r : null;
            });
            String www = challenge.headers().get("www-authenticate");
            assertTrue(www.startsWith("Digest ") && www.contains("realm=\"shop.example\""), www);
            RawHttp.Response wrong = RawHttp.get("127.0.0.1", domainsPort, "shop.example", "/cgi-bin/hello",
                    Map.of("Authorization", RawHttp.digest(www, "alice", "guess", "GET", "/cgi-bin/hello")));
            assertEquals(401, wrong.status());
            RawHttp.Response right = RawHttp.get("127.0.0.1", domainsPort, "shop.example", "/cgi-bin/hello",
                    Map.of("Authorization", RawHttp.digest(www, "alice", "wonder-land", "GET", "/cgi-bin/hello")));
            assertEquals(200, right.status(), right.toString());
            assertTrue(right.body().contains("from shop-web-"), right.body());
            assertNoPasswordIn(karaf.home, "wonder-land");

            // kill -9 of the kernel: the proxies keep serving and are adopted, not restarted
            long nginxMaster = onlyPid(data + "nginx/ws1/");
            karaf.kill9(karaf.jvmPid().orElseThrow(), COMMAND);
            assertEquals(200, RawHttp.get("127.0.2.1", 80, "any", "/cgi-bin/hello", Map.of()).status());
            karaf.startServer();
            awaitPlugins(karaf);
            Await.until("ha1 serving after the restart", BOOT, Duration.ofMillis(250), () -> karaf.client(
                    "atoll:lb-list --no-format", COMMAND).output.lines().anyMatch(l -> l.startsWith("ha1")
                            && l.contains("serving")) ? 1 : null);
            assertEquals(haproxyMaster, onlyPid(data + "haproxy/ha1/"), "the haproxy master was adopted");
            assertEquals(nginxMaster, onlyPid(data + "nginx/ws1/"), "the nginx master was adopted");
            awaitAnswering("127.0.2.1", 80, "any", 3);

            run(karaf, "atoll:lb-remove ha1", "Removed load balancer ha1 from n1.");
            run(karaf, "atoll:ws-remove ws1", "Removed webserver ws1 from n1 (1 apps).");
            run(karaf, "atoll:deployment-remove " + DEPLOYMENT, "Routing domains of shop removed.");
            // this Atoll's proxies only: other proxies may run on the machine (the quickstart's)
            Await.until("no proxy left", SOON, Duration.ofMillis(200), () -> pids(data).isEmpty() ? 1 : null);
        }
    }

    /** Requests until {@code expected} distinct instances have answered through the proxy. */
    private static Set<String> awaitAnswering(String address, int port, String host, int expected) {
        Set<String> seen = new TreeSet<>();
        return Await.until(expected + " instances answering through " + address + ":" + port, SOON,
                Duration.ofMillis(20), () -> {
                    RawHttp.Response r = RawHttp.get(address, port, host, "/cgi-bin/hello", Map.of());
                    if (r.status() == 200) {
                        seen.add(instanceOf(r.body()));
                    }
                    return seen.size() >= expected ? seen : null;
                });
    }

    private static String instanceOf(String body) {
        int from = body.indexOf(" from ");
        return from < 0 ? body : body.substring(from + 6, body.indexOf(' ', from + 6));
    }

    private static KarafHome.Run run(KarafHome karaf, String command, String expected) throws Exception {
        KarafHome.Run run = karaf.client(command, COMMAND);
        assertTrue(run.exitCode == 0 && run.output.contains(expected), run.toString());
        return run;
    }

    private static void awaitPlugins(KarafHome karaf) {
        Await.until("docker, etcd, haproxy and nginx UP in atoll:plugins", BOOT, Duration.ofMillis(250), () -> {
            KarafHome.Run run = karaf.client("atoll:plugins --no-format", COMMAND);
            for (String p : List.of("docker", "etcd", "haproxy", "nginx")) {
                // etcd is DOWN until a registry exists
                boolean up = run.output.lines().map(l -> l.split("\t")).anyMatch(c -> c.length > 3
                        && c[1].strip().equals(p) && (p.equals("etcd") || c[3].strip().equals("UP")));
                if (!up) {
                    throw new IllegalStateException(p + " not UP: " + run);
                }
            }
            return run;
        });
    }

    /** The configuration file a router serves from: the one named like the daemon's. */
    private static Path liveConfig(KarafHome karaf, String kind, String proxy) throws IOException {
        Path dir = karaf.home.resolve("data/atoll/" + kind + "/" + proxy);
        String name = kind.equals("haproxy") ? "haproxy.cfg" : "nginx.conf";
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " under " + dir));
        }
    }

    private static void assertNoPasswordIn(Path home, String password) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(home.resolve("data"))) {
            s.filter(Files::isRegularFile).filter(p -> p.toString().contains("/atoll/haproxy/")
                    || p.toString().contains("/log/")).forEach(p -> {
                        try {
                            if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(password)) {
                                found.add(p.toString());
                            }
                        } catch (IOException e) {
                            // a file that went away
                        }
                    });
        }
        for (long pid : pids("")) {
            String cmdline = cmdline(pid);
            if (cmdline.contains(password)) {
                found.add("/proc/" + pid + "/cmdline");
            }
        }
        assertEquals(List.of(), found, "the digest password is in clear nowhere");
    }

    private static Path selfSigned(Path dir, String host) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + host, "-keyout",
                dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        return dir;
    }

    private static long onlyPid(String fragment) throws IOException {
        List<Long> all = pids(fragment);
        List<Long> masters = all.stream().filter(pid -> !all.contains(parent(pid))).toList();
        assertEquals(1, masters.size(), "one master process with " + fragment + ": " + all);
        return masters.get(0);
    }

    private static List<Long> pids(String fragment) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(p.getFileName().toString());
                String c = cmdline(pid);
                if (!c.isEmpty() && (fragment.isEmpty() || c.contains(fragment)) && (fragment.isEmpty()
                        || c.startsWith("/usr/sbin/haproxy") || c.startsWith("/usr/sbin/nginx")
                        || c.startsWith("nginx") || c.startsWith("haproxy"))) {
                    out.add(pid);
                }
            }
        }
        return out;
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static long parent(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
