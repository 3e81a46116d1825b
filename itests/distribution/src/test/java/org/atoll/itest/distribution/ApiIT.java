package org.atoll.itest.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API over real HTTP against the booted distribution: authentication and roles (also the
 * shell's command ACL), refusals of bad requests that change nothing, conditional updates with
 * ETag/If-Match, deploy through the API, the OpenAPI document, the remote CLI, and 20 concurrent
 * clients for a minute (atoll.api.loadSeconds) with no error, printing the latencies.
 */
class ApiIT {

    private static final String DEPLOYMENT = "apishop";
    private static final String IMAGE = "atoll-example/web:1";
    private static final Duration COMMAND = Duration.ofSeconds(180);
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final String VIEWER = "ops";
    private static final String VIEWER_PASSWORD = "Viewer-pass-7";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeAll
    static void prepare() throws Exception {
        DockerCli.requireEngine();
        DockerCli.ensureImage(Path.of(System.getProperty("atoll.examples"), "web", "build-image.sh"), IMAGE);
        DockerCli.removeDeployment(DEPLOYMENT);
        work = Path.of(System.getProperty("atoll.workDirectory"));
        RoutingIT.killLeftoverProxies();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        DockerCli.removeDeployment(DEPLOYMENT);
        RoutingIT.killLeftoverProxies();
    }

    @Test
    void theApiIsGuardedStrictConditionalAndHoldsUnderLoad() throws Exception {
        try (KarafHome karaf = KarafHome.unpack(Path.of(System.getProperty("atoll.distribution")), work, "api")) {
            Path hosts = work.resolve("api-hosts");
            Files.writeString(hosts, "127.0.0.1 localhost\n");
            karaf.configure("org.atoll.kernel.cfg", Map.of("node.name", "n1", "routing.address.range", "127.0.3.0/24",
                    "routing.hosts.file", hosts.toString()));
            karaf.configure("users.properties", Map.of(VIEWER, VIEWER_PASSWORD + ",_g_:viewergroup"));
            // TLS beside plain HTTP: a keystore made with the JDK's keytool, its certificate trusted by the clients
            int tlsPort = KarafHome.freePort();
            Path keystore = work.resolve("api-" + System.nanoTime() + ".p12");
            Path certificate = work.resolve(keystore.getFileName() + ".pem");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            exec(keytool, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "server", "-dname",
                    "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", "Store-pass-9");
            exec(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                    "Store-pass-9", "-file", certificate.toString());
            karaf.configure("org.ops4j.pax.web.cfg", Map.of("org.osgi.service.http.secure.enabled", "true",
                    "org.osgi.service.http.port.secure", Integer.toString(tlsPort),
                    "org.ops4j.pax.web.ssl.keystore", keystore.toString(),
                    "org.ops4j.pax.web.ssl.keystore.type", "PKCS12",
                    "org.ops4j.pax.web.ssl.keystore.password", "Store-pass-9",
                    "org.ops4j.pax.web.ssl.key.password", "Store-pass-9",
                    "org.ops4j.pax.web.ssl.key.alias", "server"));
            karaf.startServer();
            base = "http://127.0.0.1:" + karaf.httpPort + "/api/v1";
            Await.until("the API lists the docker backend", BOOT, Duration.ofMillis(250), () -> {
                Reply r = send("GET", "/plugins", admin(), null, null);
                return r.status == 200 && r.body.contains("\"docker\"") && r.body.contains("UP") ? r : null;
            });

            authentication();
            tls("https://127.0.0.1:" + tlsPort + "/api/v1", certificate, karaf);
            badRequestsChangeNothing();
            conditionalUpdates();
            routingDiscoveryAndDatabases(hosts);
            shellCommandAcl(karaf);
            remoteCli(karaf);
            loopbackOnly(karaf);
            load();

            String log = Files.readString(karaf.home.resolve("data/log/karaf.log"));
            assertFalse(log.contains(VIEWER_PASSWORD), "no password in the log");
        }
    }

    private void authentication() throws Exception {
        Reply none = send("GET", "/deployments", null, null, null);
        assertEquals(401, none.status, none.toString());
        assertEquals("application/problem+json", none.type);
        assertTrue(none.headers.firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"atoll\""));
        assertEquals(401, send("GET", "/deployments", basic("admin", "wrong"), null, null).status);
        assertEquals(401, send("GET", "/deployments", basic("nobody", "admin"), null, null).status);
        assertEquals(401, send("GET", "/deployments", "Bearer abc", null, null).status);
        assertEquals(401, send("GET", "/deployments", "Basic !!!", null, null).status);
        assertEquals(401, send("GET", "/nope", null, null, null).status, "unknown paths are not told to strangers");

        Reply read = send("GET", "/deployments", viewer(), null, null);
        assertEquals(200, read.status, read.toString());
        Reply write = send("POST", "/deployments", viewer(), "application/json", "{\"name\":\"" + DEPLOYMENT + "\"}");
        assertEquals(403, write.status, write.toString());
        assertTrue(problem(write).get("detail").asText().contains("the role viewer only reads"), write.toString());
        assertEquals(404, send("GET", "/deployments/" + DEPLOYMENT, admin(), null, null).status, "nothing created");
    }

    /** The API over TLS with the configured keystore: trusted by its certificate, refused without it. */
    private void tls(String url, Path certificate, KarafHome karaf) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("atoll", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        HttpClient secure = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> ok = Await.until("the API over TLS", BOOT, Duration.ofMillis(250), () -> secure.send(
                HttpRequest.newBuilder(URI.create(url + "/nodes")).header("Authorization", viewer()).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, ok.statusCode(), ok.body());
        assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(URI.create(url + "/nodes"))
                .header("Authorization", viewer()).build(), HttpResponse.BodyHandlers.ofString()),
                "a client that does not trust the certificate is refused");
        Cli cli = cli(karaf.home.resolve("bin/atoll-remote"), Map.of("ATOLL_URL", url, "ATOLL_USER", VIEWER,
                "ATOLL_PASSWORD", VIEWER_PASSWORD, "ATOLL_CA_FILE", certificate.toString()), "nodes");
        assertEquals(0, cli.exit, cli.toString());
        assertTrue(cli.out.contains("n1"), cli.toString());
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    private void badRequestsChangeNothing() throws Exception {
        Reply created = send("POST", "/deployments", admin(), "application/json",
                "{\"name\":\"" + DEPLOYMENT + "\",\"description\":\"the API test\"}");
        assertEquals(201, created.status, created.toString());
        String etag = created.headers.firstValue("ETag").orElseThrow();
        assertTrue(created.headers.firstValue("Location").orElseThrow().endsWith("/api/v1/deployments/" + DEPLOYMENT));
        String before = send("GET", "/deployments", admin(), null, null).body;

        String d = "/deployments/" + DEPLOYMENT;
        expect(400, null, send("POST", "/deployments", admin(), "application/json", "{\"name\":"), "malformed JSON");
        expect(400, "nmae", send("POST", "/deployments", admin(), "application/json", "{\"nmae\":\"x\"}"),
                "unknown field");
        expect(409, "name", send("POST", "/deployments", admin(), "application/json",
                "{\"name\":\"" + DEPLOYMENT + "\"}"), "a taken name");
        expect(400, "name", send("POST", "/deployments", admin(), "application/json", "{\"name\":\"Bad Name\"}"),
                "an invalid name");
        expect(400, "version", send("POST", d + "/services/web/rollback", admin(), "application/json",
                "{\"version\":\"two\"}"), "a wrong type");
        expect(400, "count", send("PUT", d + "/services/web", admin(), "application/json",
                "{\"image\":\"" + IMAGE + "\",\"count\":\"3\"}"), "a number as a string");
        Reply yaml = send("POST", d + "/deploy", admin(), "application/yaml", "web:\n  image: [unclosed\n");
        expect(400, null, yaml, "malformed YAML");
        assertTrue(problem(yaml).get("detail").asText().startsWith("Servicefile:3:1: is not valid YAML"), yaml.toString());
        expect(400, null, send("POST", d + "/deploy", admin(), "application/yaml", "web:\n  imgae: x\n"),
                "an unknown Servicefile field");
        expect(413, null, send("POST", d + "/plan", admin(), "application/yaml", "#".repeat(2 * 1024 * 1024)),
                "an oversized body");
        expect(415, null, send("POST", "/deployments", admin(), "text/csv", "name"), "a wrong media type");
        expect(400, "If-Match", send("DELETE", d, admin(), null, null, Map.of("If-Match", "W/" + etag)),
                "a weak tag");
        expect(400, "wait", send("PATCH", d + "/services/web?wait=99999", admin(), "application/yaml",
                "{image: " + IMAGE + "}"), "a wait out of range");
        expect(404, "deployment", send("GET", "/deployments/nope", admin(), null, null), "no such deployment");
        expect(405, null, send("DELETE", "/deployments", admin(), null, null), "a method a path does not take");

        assertEquals(before, send("GET", "/deployments", admin(), null, null).body, "nothing changed");
        assertEquals(etag, send("GET", d, admin(), null, null).headers.firstValue("ETag").orElseThrow());
    }

    private void conditionalUpdates() throws Exception {
        String d = "/deployments/" + DEPLOYMENT;
        Reply read = send("GET", d, admin(), null, null);
        String etag = read.headers.firstValue("ETag").orElseThrow();
        assertEquals(304, send("GET", d, admin(), null, null, Map.of("If-None-Match", etag)).status);

        // Two clients read the same revision; the first write wins, the second is refused.
        Reply first = send("PATCH", d + "/services/web?wait=90", admin(), "application/yaml",
                "{image: " + IMAGE + ", count: 1, env: {WHO: first}}", Map.of("If-Match", etag));
        assertEquals(200, first.status, first.toString());
        assertEquals(List.of(DEPLOYMENT + "-web-1-1"), list(JSON.readTree(first.body).get("instances")));
        String after = first.headers.firstValue("ETag").orElseThrow();
        assertNotEquals(etag, after);
        Reply second = send("PATCH", d + "/services/web?wait=0", admin(), "application/yaml",
                "{env: {WHO: second}}", Map.of("If-Match", etag));
        expect(412, "If-Match", second, "a stale If-Match");
        JsonNode web = JSON.readTree(send("GET", d + "/services/web", admin(), null, null).body);
        assertEquals("first", web.get("spec").get("env").get("WHO").asText(), "the first write stands");
        assertEquals(1, web.get("version").asInt());

        // The second client reads again and retries.
        String now = send("GET", d, admin(), null, null).headers.firstValue("ETag").orElseThrow();
        assertEquals(after, now);
        Reply retry = send("PATCH", d + "/services/web?wait=90", admin(), "application/yaml",
                "{env: {WHO: second}}", Map.of("If-Match", now));
        assertEquals(200, retry.status, retry.toString());
        assertEquals(2, JSON.readTree(send("GET", d + "/services/web", admin(), null, null).body).get("version").asInt());

        // A whole Servicefile through the API: the plan says what changes, deploy does it, then nothing.
        String servicefile = "Env:\n  GREETING: from the API\nweb:\n  image: " + IMAGE + "\n  ports: [80]\n  count: 2\n";
        JsonNode plan = JSON.readTree(send("POST", d + "/plan", admin(), "application/yaml", servicefile).body);
        assertTrue(plan.get("changed").asBoolean(), plan.toString());
        Reply deployed = send("POST", d + "/deploy?wait=90", admin(), "application/yaml", servicefile);
        assertEquals(200, deployed.status, deployed.toString());
        assertEquals("No changes.", JSON.readTree(send("POST", d + "/deploy?wait=90", admin(), "application/yaml",
                servicefile).body).get("message").asText());
        JsonNode instances = JSON.readTree(send("GET", "/instances?deployment=" + DEPLOYMENT, viewer(), null, null).body);
        assertEquals(2, instances.size(), instances.toString());
        Await.until("the old version's containers gone, two left", Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> DockerCli.names(DEPLOYMENT).size() == 2 ? true : null);

        JsonNode doc = JSON.readTree(send("GET", "/openapi.json", viewer(), null, null).body);
        assertEquals("3.0.3", doc.get("openapi").asText());
        assertTrue(doc.get("paths").has("/deployments/{deployment}/deploy"), doc.get("paths").toString());
    }

    /** The resources of the other capabilities: a load balancer's life, and refusals naming the field. */
    private void routingDiscoveryAndDatabases(Path hosts) throws Exception {
        String lb = "{\"kind\":\"haproxy\",\"node\":\"n1\",\"name\":\"api-lb\",\"backends\":[\"web1:127.0.0.1:9\"]}";
        expect(403, null, send("POST", "/loadbalancers", viewer(), "application/json", lb), "a viewer adding");
        Reply added = send("POST", "/loadbalancers?wait=60", admin(), "application/json", lb);
        assertEquals(200, added.status, added.toString());
        assertTrue(JSON.readTree(added.body).get("message").asText().startsWith("Added haproxy load balancer api-lb on n1"),
                added.toString());
        String listed = send("GET", "/loadbalancers", viewer(), null, null).body;
        assertTrue(listed.contains("\"api-lb\"") && listed.contains("web1"), listed);
        expect(400, "backends[0]", send("POST", "/loadbalancers/api-lb/backends", admin(), "application/json",
                "{\"backends\":[\"web2:127.0.0.1:80\\nserver x\"]}"), "a hostile backend");
        expect(400, "mode", send("PUT", "/loadbalancers/api-lb/settings/mode", admin(), "application/json",
                "{\"value\":\"fastest\"}"), "an unknown mode");
        assertEquals(listed, send("GET", "/loadbalancers", viewer(), null, null).body, "nothing changed");
        String read = send("GET", "/loadbalancers/api-lb", viewer(), null, null).headers.firstValue("ETag").orElseThrow();
        Reply mode = send("PUT", "/loadbalancers/api-lb/settings/mode?wait=60", admin(), "application/json",
                "{\"value\":\"leastconn\"}", Map.of("If-Match", read));
        assertEquals(200, mode.status, mode.toString());
        String after = mode.headers.firstValue("ETag").orElseThrow();
        assertNotEquals(read, after);
        expect(412, "If-Match", send("PUT", "/loadbalancers/api-lb/settings/mode?wait=60", admin(), "application/json",
                "{\"value\":\"source\"}", Map.of("If-Match", read)), "a stale If-Match on a load balancer");
        assertTrue(send("GET", "/loadbalancers/api-lb", viewer(), null, null).body.contains("leastconn"),
                "the first write stands");
        assertEquals(200, send("DELETE", "/loadbalancers/api-lb?wait=60", admin(), null, null,
                Map.of("If-Match", after)).status);
        expect(404, "name", send("DELETE", "/loadbalancers/api-lb", admin(), null, null), "a removed load balancer");

        assertEquals(200, send("PUT", "/hosts/shop.example.org", admin(), "application/json",
                "{\"address\":\"10.0.4.100\"}").status);
        assertTrue(send("GET", "/hosts", viewer(), null, null).body.contains("shop.example.org"));
        Await.until("the hosts entry in the hosts file", Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> Files.readString(hosts).contains("10.0.4.100 shop.example.org") ? true : null);
        expect(400, null, send("PUT", "/hosts/shop.example.org", admin(), "application/json",
                "{\"address\":\"10.0.4.100; rm\"}"), "a hostile address");
        assertEquals(200, send("DELETE", "/hosts/shop.example.org", admin(), null, null).status);

        expect(400, "node", send("POST", "/registries", admin(), "application/json", "{\"address\":\"127.0.0.1\"}"),
                "a registry without a node");
        expect(400, "kind", send("POST", "/databases", admin(), "application/json",
                "{\"kind\":\"oracle\",\"node\":\"n1\",\"user\":\"u\",\"database\":\"d\"}"), "an unknown kind");
        expect(404, "name", send("DELETE", "/databases/nope", admin(), null, null), "no such database");
        assertEquals("[ ]", send("GET", "/databases", viewer(), null, null).body);
    }

    private void shellCommandAcl(KarafHome karaf) throws Exception {
        KarafHome.Run denied = karaf.client(VIEWER, VIEWER_PASSWORD, "atoll:deployment-create viewer-made", COMMAND);
        assertTrue(refused(denied), denied.toString());
        KarafHome.Run listed = karaf.client(VIEWER, VIEWER_PASSWORD, "atoll:deployment-list --no-format", COMMAND);
        assertTrue(listed.output.contains(DEPLOYMENT) && !listed.output.contains("viewer-made"), listed.toString());
        KarafHome.Run removeDenied = karaf.client(VIEWER, VIEWER_PASSWORD, "atoll:deployment-remove " + DEPLOYMENT,
                COMMAND);
        assertTrue(refused(removeDenied), removeDenied.toString());
        assertEquals(200, send("GET", "/deployments/" + DEPLOYMENT, admin(), null, null).status, "still there");
    }

    /** Karaf hides the commands a user's roles do not allow ("Command not found"), or refuses their arguments. */
    private static boolean refused(KarafHome.Run run) {
        return run.exitCode != 0 && (run.output.contains("Command not found")
                || run.output.contains("Insufficient credentials"));
    }

    private void remoteCli(KarafHome karaf) throws Exception {
        Path launcher = karaf.home.resolve("bin/atoll-remote");
        Map<String, String> env = Map.of("ATOLL_URL", base, "ATOLL_USER", "admin", "ATOLL_PASSWORD", "admin");
        Cli created = cli(launcher, env, "create-deployment", "cli-made");
        assertEquals(0, created.exit, created.toString());
        assertTrue(created.out.contains("Created cli-made"), created.toString());
        Cli list = cli(launcher, env, "list");
        assertEquals(0, list.exit, list.toString());
        assertTrue(list.out.contains("cli-made") && list.out.contains(DEPLOYMENT) && list.out.contains("web"),
                list.toString());
        Cli ps = cli(launcher, env, "ps");
        assertTrue(ps.exit == 0 && ps.out.lines().anyMatch(l -> l.startsWith(DEPLOYMENT + " ") && l.contains("running")),
                ps.toString());
        Cli nodes = cli(launcher, env, "nodes");
        assertTrue(nodes.exit == 0 && nodes.out.lines().anyMatch(l -> l.startsWith("n1 ") && l.endsWith("up")),
                nodes.toString());
        Cli taken = cli(launcher, env, "create-deployment", "cli-made");
        assertEquals(1, taken.exit, taken.toString());
        assertTrue(taken.err.contains("exists already"), taken.toString());
        Cli viewer = cli(launcher, Map.of("ATOLL_URL", base, "ATOLL_USER", VIEWER, "ATOLL_PASSWORD", VIEWER_PASSWORD),
                "-D", "cli-made", "remove-deployment");
        assertEquals(1, viewer.exit, viewer.toString());
        assertFalse((viewer.out + viewer.err).contains(VIEWER_PASSWORD), "the password is never printed");
        assertEquals(0, cli(launcher, env, "-D", "cli-made", "remove-deployment").exit);
    }

    private void loopbackOnly(KarafHome karaf) throws Exception {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.2", karaf.httpPort), 2000);
            }
        }, "the API listens on 127.0.0.1 only");
    }

    /** 20 clients for atoll.api.loadSeconds: reads of every kind, and writes of deployments of their own. */
    private void load() throws Exception {
        int clients = 20;
        Duration length = Duration.ofSeconds(Long.getLong("atoll.api.loadSeconds", 60));
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger writes = new AtomicInteger();
        long end = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                String own = "load-" + client;
                String auth = client % 5 == 0 ? viewer() : admin();
                for (int i = 0; System.nanoTime() - end < 0; i++) {
                    try {
                        if (client % 5 == 0 || i % 4 != 3) {
                            String path = switch (i % 4) {
                                case 0 -> "/deployments";
                                case 1 -> "/deployments/" + DEPLOYMENT;
                                case 2 -> "/instances";
                                default -> "/nodes";
                            };
                            timed(latencies, errors, "GET", path, auth, null, null, Map.of(), 200);
                        } else {
                            String tag = timed(latencies, errors, "POST", "/deployments", auth, "application/json",
                                    "{\"name\":\"" + own + "\"}", Map.of(), 201);
                            if (tag != null) {
                                timed(latencies, errors, "DELETE", "/deployments/" + own, auth, null, null,
                                        Map.of("If-Match", tag), 200);
                                writes.addAndGet(2);
                            }
                        }
                    } catch (Exception e) {
                        errors.add(e.toString());
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("[api] %d clients for %d s: %d requests (%d writes), %d errors, p50 %.2f ms, p99 %.2f ms,"
                + " max %.2f ms%n", clients, length.toSeconds(), sorted.size(), writes.get(), errors.size(),
                percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
        assertEquals(List.of(), errors.subList(0, Math.min(10, errors.size())), errors.size() + " errors");
        assertTrue(sorted.size() > clients * length.toSeconds(), "at least one request per client and second");
    }

    private String timed(List<Long> latencies, List<String> errors, String method, String path, String auth,
            String type, String body, Map<String, String> headers, int expected) throws Exception {
        long start = System.nanoTime();
        Reply r = send(method, path, auth, type, body, headers);
        latencies.add(System.nanoTime() - start);
        if (r.status != expected) {
            errors.add(method + " " + path + ": " + r);
            return null;
        }
        return r.headers.firstValue("ETag").orElse(null);
    }

    private static double percentile(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    private static void expect(int status, String field, Reply reply, String what) throws IOException {
        assertEquals(status, reply.status, what + ": " + reply);
        assertEquals("application/problem+json", reply.type, what + ": " + reply);
        JsonNode p = problem(reply);
        assertEquals(status, p.get("status").asInt(), what);
        assertTrue(p.get("type").asText().startsWith("https://atoll.dev/problems/"), what);
        assertFalse(p.get("detail").asText().isBlank(), what);
        if (field != null) {
            assertEquals(field, p.path("field").asText(null), what + ": " + reply);
        }
    }

    private static JsonNode problem(Reply reply) throws IOException {
        return JSON.readTree(reply.body);
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String admin() {
        return basic("admin", "admin");
    }

    private static String viewer() {
        return basic(VIEWER, VIEWER_PASSWORD);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Reply send(String method, String path, String auth, String type, String body) throws Exception {
        return send(method, path, auth, type, body, Map.of());
    }

    private Reply send(String method, String path, String auth, String type, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
    }

    private record Reply(int status, String type, String body, java.net.http.HttpHeaders headers) {
        @Override
        public String toString() {
            return status + " " + type + " " + body;
        }
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli cli(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile(work, "cli", ".out");
        Path err = Files.createTempFile(work, "cli", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        Process p = pb.start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the remote CLI did not finish: " + command);
        }
        return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
