package org.atoll.plugin.consul.internal;

import static org.atoll.plugin.consul.internal.Fixtures.TOKEN;
import static org.atoll.plugin.consul.internal.Fixtures.await;
import static org.atoll.plugin.consul.internal.Fixtures.http;
import static org.atoll.plugin.consul.internal.Fixtures.provider;
import static org.atoll.plugin.consul.internal.Fixtures.settings;
import static org.atoll.plugin.consul.internal.Fixtures.tcp;
import static org.atoll.plugin.consul.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.Registration;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The exact requests the provider sends, recorded by MockConsulAgent (an in-process mock of Consul's HTTP
 * API, not Consul), against the shapes in Consul's API documentation: paths, query parameters, JSON field
 * names and casing, Meta keys, the ACL token header.
 */
class ConsulRequestShapesAgainstMockConsulTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void registerSendsTheDocumentedServiceDefinition() {
        try (MockConsulAgent agent = MockConsulAgent.start()) {
            ConsulDiscoveryProvider p = provider(settings(15, ""), agent.adopted("c1"));
            try {
                p.register(new Registration("web-1.a:80", "web", "prod", "node-1", "10.0.0.5", 32768, 80, "tcp",
                        "local/web:1", List.of("v1", "blue"), List.of(
                                tcp("port", "10.0.0.5:32768"),
                                http("health", "http://10.0.0.5:32768/health"),
                                new CheckSpec("defaults", "tcp", "10.0.0.5:32768", null, null))));
                MockConsulAgent.Request req = only(agent, "PUT", "/v1/agent/service/register");
                assertEquals(Map.of("replace-existing-checks", List.of("true")), req.query());
                assertEquals("application/json", req.header("Content-Type"));
                JsonNode b = req.json();
                assertEquals(List.of("ID", "Name", "Tags", "Address", "Port", "Meta", "Checks"), fields(b));
                assertEquals("web-1.a:80", b.get("ID").asText());
                assertEquals("web", b.get("Name").asText());
                assertEquals("[\"v1\",\"blue\"]", b.get("Tags").toString());
                assertEquals("10.0.0.5", b.get("Address").asText());
                assertTrue(b.get("Port").isInt());
                assertEquals(32768, b.get("Port").asInt());
                assertEquals("{\"atoll-managed\":\"true\",\"atoll-environment\":\"prod\",\"atoll-node\":\"node-1\","
                        + "\"atoll-port\":\"80\",\"atoll-proto\":\"tcp\",\"atoll-image\":\"local/web:1\"}",
                        b.get("Meta").toString());
                b.get("Meta").fieldNames().forEachRemaining(k -> assertTrue(k.matches("[A-Za-z0-9_-]+") && !k.startsWith("consul-"), k));

                JsonNode checks = b.get("Checks");
                assertEquals(4, checks.size());
                assertEquals("{\"CheckID\":\"atoll-check:web-1.a:80:port\",\"Name\":\"port\",\"TCP\":\"10.0.0.5:32768\","
                        + "\"Interval\":\"5s\",\"Timeout\":\"1s\",\"DeregisterCriticalServiceAfter\":\"1m\"}",
                        checks.get(0).toString());
                assertEquals("{\"CheckID\":\"atoll-check:web-1.a:80:health\",\"Name\":\"health\","
                        + "\"HTTP\":\"http://10.0.0.5:32768/health\",\"DisableRedirects\":true,\"Interval\":\"3s\","
                        + "\"Timeout\":\"1500ms\",\"DeregisterCriticalServiceAfter\":\"1m\"}", checks.get(1).toString());
                assertEquals("10s", checks.get(2).get("Interval").asText(), "check.interval.seconds");
                assertEquals("2s", checks.get(2).get("Timeout").asText(), "check.timeout.seconds");
                assertEquals("{\"CheckID\":\"atoll-alive:web-1.a:80\",\"Name\":\"atoll-alive\","
                        + "\"Notes\":\"Kept passing by the Atoll kernel that registered this entry\",\"TTL\":\"15s\","
                        + "\"Status\":\"passing\",\"DeregisterCriticalServiceAfter\":\"1m\"}", checks.get(3).toString());
            } finally {
                p.close();
            }
        }
    }

    @Test
    void everyOtherCallUsesItsDocumentedMethodPathAndQuery() {
        try (MockConsulAgent agent = MockConsulAgent.start()) {
            Settings s = Settings.of(8500, MockConsulAgent.DATACENTER, "", 2, 10, 2, 1, "90s", Settings.DEFAULT_IMAGE);
            ConsulDiscoveryProvider p = provider(s, agent.adopted("c1"));
            try {
                p.register(web("web-1:80", 32768));
                await(LIMIT, () -> !agent.requests("PUT", x -> x.startsWith("/v1/agent/check/pass/")).isEmpty(),
                        () -> "a pass of the alive check");
                p.resolve("web");
                p.registrations();
                p.catalog();
                p.deregister("web-1:80");
                Set<String> seen = new TreeSet<>();
                for (MockConsulAgent.Request r : agent.requests()) {
                    seen.add(r.method() + " " + r.path() + (r.query().isEmpty() ? "" : " " + r.query()));
                }
                assertEquals(new TreeSet<>(List.of(
                        "GET /v1/agent/checks",
                        "GET /v1/agent/services",
                        "GET /v1/health/service/web {passing=[true], dc=[dc1]}",
                        "GET /v1/status/leader",
                        "PUT /v1/agent/check/pass/atoll-alive:web-1:80",
                        "PUT /v1/agent/service/deregister/web-1:80",
                        "PUT /v1/agent/service/register {replace-existing-checks=[true]}")), seen);
                assertTrue(agent.requests().stream().allMatch(r -> r.body().isEmpty() || r.path().endsWith("/register")),
                        "only register carries a body");
                assertEquals("90s", only(agent, "PUT", "/v1/agent/service/register").json().get("Checks").get(0)
                        .get("DeregisterCriticalServiceAfter").asText());
            } finally {
                p.close();
            }
        }
    }

    @Test
    void namesAndIdsAreEncodedAsOnePathSegment() {
        try (MockConsulAgent agent = MockConsulAgent.start()) {
            ConsulDiscoveryProvider p = provider(settings(15, ""), agent.adopted("c1"));
            try {
                p.resolve("we b/../x?y#z");
                p.deregister("id%with/slash");
                assertEquals(1, agent.requests("GET", x -> x.equals("/v1/health/service/we%20b%2F..%2Fx%3Fy%23z")).size(),
                        agent.requests().toString());
                assertEquals(1, agent.requests("PUT", x -> x.equals("/v1/agent/service/deregister/id%25with%2Fslash")).size(),
                        agent.requests().toString());
            } finally {
                p.close();
            }
        }
    }

    @Test
    void theTokenTravelsOnlyAsXConsulTokenAndNeverReachesLogsMessagesOrStatus() {
        try (MockConsulAgent agent = MockConsulAgent.start(); LogCapture logs = new LogCapture()) {
            agent.requireToken(TOKEN);
            Settings s = settings(1, TOKEN);
            ConsulDiscoveryProvider p = provider(s, agent.adopted("c1"));
            List<String> said = new ArrayList<>();
            try {
                p.register(web("web-1:80", 32768, http("health", "http://127.0.0.1:32768/h")));
                await(LIMIT, () -> agent.requests("PUT", x -> x.startsWith("/v1/agent/check/pass/")).size() >= 2,
                        () -> "passes with the token");
                p.resolve("web");
                p.catalog();
                AutoCloseable w = p.watch("web", (n, e) -> { });
                await(LIMIT, () -> agent.requests("GET", x -> x.startsWith("/v1/health/")).size() >= 2, () -> "watching");
                w.close();
                p.deregister("web-1:80");
                for (MockConsulAgent.Request r : agent.requests()) {
                    assertEquals(TOKEN, r.header("X-Consul-Token"), r.method() + " " + r.path());
                    assertFalse(r.path().contains(TOKEN) || r.query().toString().contains(TOKEN) || r.body().contains(TOKEN),
                            r.method() + " " + r.path());
                    assertNull(r.header("Authorization"));
                }

                agent.requireToken("another-token"); // ours is refused now: failures must not quote it either
                ProviderException e = assertThrows(ProviderException.class, () -> p.register(web("web-2:80", 1)));
                assertFalse(e.retryable());
                assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
                said.add(e.getMessage());
                await(LIMIT, () -> !logs.text().isEmpty(), () -> "some log output");
                said.add(p.status().message());
                said.add(s.toString());
                said.add(p.info().toString());
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                p.close();
            }
            said.add(logs.text());
            for (String text : said) {
                assertFalse(text.contains(TOKEN), "the token leaked: " + text);
            }
            assertTrue(logs.text().contains("DEBUG"), "debug logging was on, so the hunt covered it");
        }
    }

    @Test
    void meaningfulRefusalsAreNotRetryableAndServerErrorsAre() {
        try (MockConsulAgent agent = MockConsulAgent.start()) {
            ConsulDiscoveryProvider p = provider(settings(15, ""), agent.adopted("c1"));
            try {
                ProviderException udp = assertThrows(ProviderException.class, () -> p.register(
                        web("web-1:80", 1, new CheckSpec("dns", "udp", "127.0.0.1:53", null, null))));
                assertFalse(udp.retryable());
                assertTrue(udp.getMessage().contains("consul runs tcp and http checks"), udp.getMessage());
                ProviderException longImage = assertThrows(ProviderException.class, () -> p.register(
                        new Registration("x:1", "x", "e", "n", "127.0.0.1", 1, 1, "tcp", "i".repeat(513), null, null)));
                assertFalse(longImage.retryable());
                assertTrue(agent.requests("PUT", x -> x.contains("register")).isEmpty(), "refused before any call");

                agent.failHealthWith(500);
                ProviderException e = assertThrows(ProviderException.class, () -> p.resolve("web"));
                assertTrue(e.retryable(), e.getMessage());
            } finally {
                p.close();
            }
        }
    }

    @Test
    void deployedRegistriesAreReachedAtTheirAddressAndTheConfiguredPort() {
        try (MockConsulAgent agent = MockConsulAgent.start()) {
            Settings s = Settings.of(agent.port(), "", "", 2, 10, 2, 15, "1m", Settings.DEFAULT_IMAGE);
            ConsulDiscoveryProvider p = provider(s, new Registry("consul-1", "consul", "node-1", "127.0.0.1", null));
            try {
                p.register(web("web-1:80", 1));
                assertTrue(agent.hasService("web-1:80"));
            } finally {
                p.close();
            }
        }
    }

    private static MockConsulAgent.Request only(MockConsulAgent agent, String method, String path) {
        List<MockConsulAgent.Request> found = agent.requests(method, x -> x.equals(path));
        assertEquals(1, found.size(), agent.requests().toString());
        return found.get(0);
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
