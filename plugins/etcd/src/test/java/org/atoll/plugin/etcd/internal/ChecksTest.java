package org.atoll.plugin.etcd.internal;

import static org.atoll.plugin.etcd.internal.Fixtures.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.atoll.api.model.CheckSpec;
import org.atoll.spi.discovery.CheckStatus;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.ServiceHealth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.etcd.jetcd.Client;
import io.vertx.core.json.JsonObject;

/** tcp and http checks against real listeners on loopback, published to a real etcd. */
class ChecksTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private static EtcdServers etcd;
    private static Client raw;

    private String prefix;
    private EtcdDiscovery provider;
    private ServerSocket listening;
    private HttpServer web;
    private HttpServer elsewhere;
    private final AtomicInteger elsewhereHits = new AtomicInteger();

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdServers.cluster(1);
        raw = Fixtures.raw(etcd.members().get(0));
    }

    @AfterAll
    static void stopEtcd() {
        if (raw != null) {
            raw.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void open() throws IOException {
        prefix = Fixtures.uniquePrefix();
        provider = Fixtures.provider(Fixtures.settings(prefix, 10), etcd.members());
        InetAddress lo = InetAddress.getLoopbackAddress();
        listening = new ServerSocket(0, 50, lo);
        elsewhere = HttpServer.create(new InetSocketAddress(lo, 0), 0);
        elsewhere.createContext("/", x -> {
            elsewhereHits.incrementAndGet();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        elsewhere.start();
        web = HttpServer.create(new InetSocketAddress(lo, 0), 0);
        web.createContext("/ok", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        web.createContext("/down", x -> {
            byte[] body = "down".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(503, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        web.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/ok");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        web.createContext("/slow", x -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        web.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        web.start();
    }

    @AfterEach
    void close() throws IOException {
        provider.close();
        listening.close();
        web.stop(0);
        elsewhere.stop(0);
    }

    @Test
    void tcpChecksPassOnAListeningPortAndFailOnAClosedOne() {
        int closed = EtcdServers.freePorts("127.0.0.1", 1).get(0);
        provider.register(registration("up-1:80", "svc", 8001, List.of(tcp("port", "127.0.0.1:" + listening.getLocalPort()))));
        provider.register(registration("down-1:80", "svc", 8002, List.of(tcp("port", "127.0.0.1:" + closed))));

        CheckStatus up = awaitStatus("up-1:80", "port", CheckStatus.Status.PASSING);
        CheckStatus down = awaitStatus("down-1:80", "port", CheckStatus.Status.CRITICAL);
        assertEquals("connection refused", down.output());
        assertEquals("tcp", up.type());
        assertTrue(up.since() != null);
        assertEquals(List.of(new Endpoint("up-1:80", "127.0.0.1", 8001, true, "prod")), provider.resolve("svc"),
                "resolve() leaves out the unhealthy one");

        JsonObject value = value(prefix + "/prod/svc/80/8002/down-1:80");
        assertEquals(false, value.getBoolean("healthy"));
        JsonObject check = value.getJsonArray("checks").getJsonObject(0);
        assertEquals("critical", check.getString("status"));
        assertEquals("connection refused", check.getString("output"));
        assertEquals("127.0.0.1:" + closed, check.getString("target"));
    }

    @Test
    void httpChecksPassOn2xxAndFailOnErrorsRedirectsAndTimeouts() {
        String base = "http://127.0.0.1:" + web.getAddress().getPort();
        provider.register(registration("ok-1:80", "web", 8001, List.of(http("health", base + "/ok"))));
        provider.register(registration("down-1:80", "web", 8002, List.of(http("health", base + "/down"))));
        provider.register(registration("moved-1:80", "web", 8003, List.of(http("health", base + "/moved"))));
        provider.register(registration("slow-1:80", "web", 8004, List.of(
                new CheckSpec("health", "http", base + "/slow", Duration.ofSeconds(5), Duration.ofSeconds(1)))));

        assertEquals("HTTP 200", awaitStatus("ok-1:80", "health", CheckStatus.Status.PASSING).output());
        assertEquals("HTTP 503", awaitStatus("down-1:80", "health", CheckStatus.Status.CRITICAL).output());
        assertTrue(awaitStatus("moved-1:80", "health", CheckStatus.Status.CRITICAL).output().startsWith("HTTP 302"));
        assertEquals("timed out after 1 s", awaitStatus("slow-1:80", "health", CheckStatus.Status.CRITICAL).output());
        assertEquals(0, elsewhereHits.get(), "the host a redirect names is never contacted");
        assertEquals(List.of("ok-1:80"), provider.resolve("web").stream().map(Endpoint::registrationId).toList());
    }

    @Test
    void aStatusChangeIsPublished() throws IOException {
        int port = listening.getLocalPort();
        provider.register(registration("flip-1:80", "flip", 8001, List.of(tcp("port", "127.0.0.1:" + port))));
        awaitStatus("flip-1:80", "port", CheckStatus.Status.PASSING);
        assertEquals(1, provider.resolve("flip").size());
        listening.close();
        awaitStatus("flip-1:80", "port", CheckStatus.Status.CRITICAL);
        assertEquals(List.of(), provider.resolve("flip"));
        assertEquals("critical", value(prefix + "/prod/flip/80/8001/flip-1:80").getJsonArray("checks")
                .getJsonObject(0).getString("status"));
    }

    private CheckStatus awaitStatus(String id, String check, CheckStatus.Status status) {
        CheckStatus[] found = new CheckStatus[1];
        Waits.until(DEADLINE, id + " check " + check + " " + status + " in etcd", () -> {
            Map<String, ServiceHealth> all = provider.catalog().stream()
                    .collect(Collectors.toMap(h -> h.registration().id(), h -> h));
            ServiceHealth h = all.get(id);
            if (h == null) {
                return false;
            }
            found[0] = h.checks().stream().filter(c -> c.name().equals(check)).findFirst().orElse(null);
            return found[0] != null && found[0].status() == status;
        });
        return found[0];
    }

    private JsonObject value(String key) {
        return new JsonObject(Fixtures.get(raw, key).orElseThrow().getValue().toString(StandardCharsets.UTF_8));
    }

    private static CheckSpec tcp(String name, String target) {
        return new CheckSpec(name, "tcp", target, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private static CheckSpec http(String name, String target) {
        return new CheckSpec(name, "http", target, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
