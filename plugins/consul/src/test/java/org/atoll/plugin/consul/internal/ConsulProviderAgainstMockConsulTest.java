package org.atoll.plugin.consul.internal;

import static org.atoll.plugin.consul.internal.Fixtures.await;
import static org.atoll.plugin.consul.internal.Fixtures.http;
import static org.atoll.plugin.consul.internal.Fixtures.provider;
import static org.atoll.plugin.consul.internal.Fixtures.settings;
import static org.atoll.plugin.consul.internal.Fixtures.tcp;
import static org.atoll.plugin.consul.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.discovery.CheckStatus;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.ServiceHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour of the provider against MockConsulAgent, an in-process mock of Consul's HTTP API (not Consul). */
class ConsulProviderAgainstMockConsulTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private MockConsulAgent agent;
    private ConsulDiscoveryProvider provider;

    @BeforeEach
    void start() {
        agent = MockConsulAgent.start();
        provider = provider(settings(15, ""), agent.adopted("consul-1"));
    }

    @AfterEach
    void stop() {
        provider.close();
        agent.close();
    }

    @Test
    void registeredEndpointResolvesAndIsGoneAfterDeregister() {
        provider.register(web("web-1:80", 32768));
        assertEquals(List.of(new Endpoint("web-1:80", "127.0.0.1", 32768, true, "prod")), provider.resolve("web"));
        provider.deregister("web-1:80");
        assertEquals(List.of(), provider.resolve("web"));
        assertFalse(agent.hasService("web-1:80"));
        provider.deregister("web-1:80"); // gone already: the agent's 404 is fine
        assertEquals(2, agent.requests("PUT", p -> p.equals("/v1/agent/service/deregister/web-1:80")).size());
    }

    @Test
    void registeringAgainReplacesTheEntryAndItsChecks() {
        provider.register(web("web-1:80", 32768, tcp("port", "127.0.0.1:32768"), http("health", "http://127.0.0.1:32768/h")));
        provider.register(web("web-1:80", 32769, tcp("port", "127.0.0.1:32769")));
        List<Registration> all = provider.registrations();
        assertEquals(1, all.size());
        assertEquals(32769, all.get(0).hostPort());
        assertEquals(List.of("port"), all.get(0).checks().stream().map(c -> c.name()).toList());
        assertEquals(null, agent.checkStatus("atoll-check:web-1:80:health"), "the dropped check is gone");
    }

    @Test
    void registrationsRoundTripThroughAgentServicesAndChecks() {
        Registration r = web("web-1:80", 32768, tcp("port", "127.0.0.1:32768"), http("health", "http://127.0.0.1:32768/h"));
        provider.register(r);
        agent.addForeignService("redis", "redis", 6379, "passing");
        assertEquals(List.of(r), provider.registrations(), "only Atoll's, mapped back field by field");
    }

    @Test
    void endpointsWhoseChecksFailAreNotResolvedUntilTheyPass() {
        provider.register(web("web-1:80", 32768, http("health", "http://127.0.0.1:32768/h")));
        assertEquals(List.of(), provider.resolve("web"), "a new http check starts critical");
        agent.setCheckStatus("atoll-check:web-1:80:health", "passing", "HTTP GET: 200 OK");
        assertEquals(1, provider.resolve("web").size());
        agent.setNodeStatus("critical");
        assertEquals(List.of(), provider.resolve("web"), "a failed node takes its services with it");
    }

    @Test
    void aliveCheckIsKeptPassingAndItsEntryGoesCriticalWhenTheKernelDies() {
        provider.close();
        provider = provider(settings(1, ""), agent.adopted("consul-1"));
        provider.register(web("web-1:80", 32768));
        await(LIMIT, () -> agent.requests("PUT", p -> p.equals("/v1/agent/check/pass/atoll-alive:web-1:80")).size() >= 4,
                () -> "four passes of the 1s TTL check");
        assertEquals("passing", agent.checkStatus("atoll-alive:web-1:80"), "kept alive past several TTLs");
        assertEquals(1, provider.resolve("web").size());

        provider.close(); // the kernel dies: nobody deregisters, nobody passes the TTL check
        ConsulDiscoveryProvider other = provider(settings(15, ""), agent.adopted("consul-1"));
        try {
            await(LIMIT, () -> other.resolve("web").isEmpty(), () -> "the entry of the dead kernel still resolves");
            assertEquals("critical", agent.checkStatus("atoll-alive:web-1:80"));
            ServiceHealth h = other.catalog().get(0);
            assertFalse(h.healthy());
            assertEquals("TTL expired", h.checks().get(0).output());
        } finally {
            other.close();
        }
    }

    @Test
    void anAgentThatLostTheRegistrationGetsItAgain() {
        provider.close();
        provider = provider(settings(1, ""), agent.adopted("consul-1"));
        provider.register(web("web-1:80", 32768));
        agent.forgetEverything(); // the agent restarted without its data
        await(LIMIT, () -> agent.hasService("web-1:80"), () -> "registered again after the agent forgot it");
        assertEquals(1, provider.resolve("web").size());
    }

    @Test
    void catalogShowsEveryServiceTheAgentKnowsWithCheckStatus() {
        provider.register(web("web-1:80", 32768, tcp("port", "127.0.0.1:32768")));
        agent.addForeignService("redis", "redis", 6379, "passing");
        agent.addForeignService("pg", "postgres", 5432, "warning");
        agent.addForeignService("mq", "rabbit", 5672, "maintenance");
        Map<String, ServiceHealth> byId = provider.catalog().stream()
                .collect(Collectors.toMap(h -> h.registration().id(), Function.identity()));
        assertEquals(List.of("mq", "pg", "redis", "web-1:80"), byId.keySet().stream().sorted().toList());
        assertEquals(CheckStatus.Status.PASSING, byId.get("redis").checks().get(0).status());
        assertEquals(CheckStatus.Status.CRITICAL, byId.get("pg").checks().get(0).status(), "warning counts as critical");
        assertEquals(CheckStatus.Status.UNKNOWN, byId.get("mq").checks().get(0).status());
        assertEquals("http", byId.get("redis").checks().get(0).type());
        Map<String, CheckStatus> web = byId.get("web-1:80").checks().stream()
                .collect(Collectors.toMap(CheckStatus::name, Function.identity()));
        assertEquals(CheckStatus.Status.CRITICAL, web.get("port").status(), "not run yet by the mock");
        assertEquals("127.0.0.1:32768", web.get("port").target());
        assertEquals(CheckStatus.Status.PASSING, web.get("atoll-alive").status());
        assertEquals("redis", byId.get("redis").registration().name());
        assertEquals(MockConsulAgent.NODE, byId.get("redis").registration().node());
    }

    @Test
    void callsFailOverToTheNextRegistryInListOrder() {
        try (MockConsulAgent second = MockConsulAgent.start()) {
            provider.connect(List.of(Fixtures.refusing("consul-0"), agent.adopted("consul-1"), second.adopted("consul-2")));
            provider.register(web("web-1:80", 32768));
            assertTrue(agent.hasService("web-1:80"), "the first registry that answers takes the call");
            assertFalse(second.hasService("web-1:80"));
            ProviderStatus s = provider.status();
            assertEquals(ProviderStatus.State.DEGRADED, s.state());
            assertTrue(s.message().contains("does not answer (connection refused); using " + agent.uri()), s.message());

            agent.close();
            provider.register(web("web-2:80", 32769));
            assertTrue(second.hasService("web-2:80"));
            await(LIMIT, () -> second.hasService("web-1:80"),
                    () -> "the keep-alive moves web-1 to the agent that now answers");
            assertEquals(List.of("web-1:80", "web-2:80"),
                    provider.resolve("web").stream().map(Endpoint::registrationId).toList());
        }
    }

    @Test
    void withEveryRegistryDownCallsFailRetryablyAndStatusIsDown() {
        agent.close();
        ProviderException e = assertThrows(ProviderException.class, () -> provider.resolve("web"));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().startsWith("no consul registry answers: " + agent.uri()), e.getMessage());
        assertEquals(ProviderStatus.State.DOWN, provider.status().state());
        assertEquals(e.getMessage(), provider.status().message());
    }

    @Test
    void withoutRegistriesEveryCallFailsRetryablyWithTheWayOut() {
        provider.connect(List.of());
        String expected = "no consul registry: add one with registry-add NODE IP --type consul";
        assertEquals(ProviderStatus.down(expected), provider.status());
        List<Runnable> calls = List.of(
                () -> provider.register(web("web-1:80", 1)), () -> provider.deregister("web-1:80"),
                () -> provider.resolve("web"), provider::registrations, provider::catalog,
                () -> provider.watch("web", (n, e) -> { }));
        for (Runnable call : calls) {
            ProviderException e = assertThrows(ProviderException.class, call::run);
            assertTrue(e.retryable());
            assertEquals(expected, e.getMessage());
        }
    }

    @Test
    void statusTurnsUpOnceTheRegistryAnswersAndDegradedWithoutLeader() {
        await(LIMIT, () -> provider.status().state() == ProviderStatus.State.UP, () -> "UP: " + provider.status());
        agent.setLeader("");
        provider.connect(List.of(agent.adopted("consul-1")));
        await(LIMIT, () -> provider.status().equals(ProviderStatus.degraded(Health.NO_LEADER)),
                () -> "DEGRADED without leader: " + provider.status());
    }

    @Test
    void identityAndCapabilities() {
        assertEquals("consul", provider.info().name());
        assertEquals(java.util.Set.of("checks", "dns", "watch", "deploy"), provider.capabilities());
    }
}
