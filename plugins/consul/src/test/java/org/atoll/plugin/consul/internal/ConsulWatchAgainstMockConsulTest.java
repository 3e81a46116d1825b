package org.atoll.plugin.consul.internal;

import static org.atoll.plugin.consul.internal.Fixtures.await;
import static org.atoll.plugin.consul.internal.Fixtures.http;
import static org.atoll.plugin.consul.internal.Fixtures.provider;
import static org.atoll.plugin.consul.internal.Fixtures.settings;
import static org.atoll.plugin.consul.internal.Fixtures.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.atoll.spi.discovery.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocking-query watches against MockConsulAgent, an in-process mock of Consul's HTTP API (not Consul). */
class ConsulWatchAgainstMockConsulTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private MockConsulAgent agent;
    private ConsulDiscoveryProvider provider;
    private final List<List<Endpoint>> heard = new CopyOnWriteArrayList<>();

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
    void deliversTheFullListEachTimeItChanges() throws Exception {
        AutoCloseable w = provider.watch("web", (name, endpoints) -> heard.add(endpoints));
        try {
            await(LIMIT, () -> heard.size() == 1, () -> "the initial list: " + heard);
            assertEquals(List.of(), heard.get(0));

            provider.register(web("web-1:80", 32768, http("health", "http://127.0.0.1:32768/h")));
            await(LIMIT, () -> heard.size() == 2, () -> "web-1 appears: " + heard);
            assertEquals(List.of(new Endpoint("web-1:80", "127.0.0.1", 32768, false, "prod")), heard.get(1),
                    "its http check has not passed yet");

            agent.setCheckStatus("atoll-check:web-1:80:health", "passing", "HTTP GET: 200 OK");
            await(LIMIT, () -> heard.size() == 3, () -> "web-1 turns healthy: " + heard);
            assertEquals(List.of(new Endpoint("web-1:80", "127.0.0.1", 32768, true, "prod")), heard.get(2));

            provider.register(web("web-2:80", 32769));
            await(LIMIT, () -> heard.size() == 4, () -> "web-2 joins: " + heard);
            assertEquals(List.of("web-1:80", "web-2:80"), heard.get(3).stream().map(Endpoint::registrationId).toList());

            provider.deregister("web-1:80");
            await(LIMIT, () -> heard.size() == 5, () -> "web-1 leaves: " + heard);
            assertEquals(List.of("web-2:80"), heard.get(4).stream().map(Endpoint::registrationId).toList());
        } finally {
            w.close();
        }
        List<MockConsulAgent.Request> polls = agent.requests("GET", p -> p.equals("/v1/health/service/web"));
        assertNull(polls.get(0).param("index"), "the first query does not block");
        for (MockConsulAgent.Request r : polls.subList(1, polls.size())) {
            assertTrue(Long.parseLong(r.param("index")) >= 1, r.query().toString());
            assertEquals("60s", r.param("wait"));
            assertNull(r.param("passing"), "a watch hears unhealthy endpoints too");
        }
    }

    @Test
    void sameResultsAreNotDeliveredTwice() throws Exception {
        AutoCloseable w = provider.watch("web", (name, endpoints) -> heard.add(endpoints));
        try {
            await(LIMIT, () -> agent.requests("GET", p -> p.startsWith("/v1/health/")).size() >= 2,
                    () -> "a blocking query in flight");
            assertEquals(1, heard.size());
            agent.addForeignService("x", "other", 1, "passing"); // moves the index, not this result
            await(LIMIT, () -> agent.requests("GET", p -> p.startsWith("/v1/health/")).size() >= 3,
                    () -> "the watch asked again after the index moved");
            assertEquals(1, heard.size(), heard.toString());
        } finally {
            w.close();
        }
    }

    @Test
    void closingTheHandleEndsTheLoopAndItsThread() throws Exception {
        AutoCloseable w = provider.watch("web", (name, endpoints) -> heard.add(endpoints));
        await(LIMIT, () -> agent.requests("GET", p -> p.startsWith("/v1/health/")).size() >= 2,
                () -> "a blocking query in flight");
        w.close();
        await(LIMIT, () -> provider.openWatches() == 0, () -> "the watch thread ended");
        int polls = agent.requests("GET", p -> p.startsWith("/v1/health/")).size();
        provider.register(web("web-1:80", 1)); // would wake a live watch
        provider.resolve("other"); // a round trip after the wake-up
        assertEquals(polls + 1, agent.requests("GET", p -> p.startsWith("/v1/health/")).size(),
                "only resolve's query, none from the closed watch");
        w.close(); // idempotent
    }

    @Test
    void anIndexThatGoesBackwardsRestartsTheLoopFromZero() throws Exception {
        AutoCloseable w = provider.watch("web", (name, endpoints) -> heard.add(endpoints));
        try {
            await(LIMIT, () -> agent.requests("GET", p -> p.startsWith("/v1/health/")).size() >= 2,
                    () -> "a blocking query in flight");
            agent.resetIndex(2);
            provider.register(web("web-1:80", 1)); // index 3 now: lower than what the watch holds
            await(LIMIT, () -> heard.size() == 2, () -> "web-1 heard: " + heard);
            List<MockConsulAgent.Request> polls = agent.requests("GET", p -> p.startsWith("/v1/health/"));
            await(LIMIT, () -> agent.requests("GET", p -> p.startsWith("/v1/health/")).stream()
                    .skip(2).anyMatch(r -> r.param("index") == null), () -> "a fresh query without index: " + polls);
        } finally {
            w.close();
        }
    }

    @Test
    void failuresBackOffInsteadOfSpinningAndTheWatchRecovers() throws Exception {
        agent.failHealthWith(500);
        AutoCloseable w = provider.watch("web", (name, endpoints) -> heard.add(endpoints));
        try {
            await(LIMIT, () -> agent.requests("GET", p -> p.startsWith("/v1/health/")).size() >= 4,
                    () -> "four failed queries");
            List<MockConsulAgent.Request> failed = agent.requests("GET", p -> p.startsWith("/v1/health/"));
            long gap1 = failed.get(2).at() - failed.get(1).at();
            long gap2 = failed.get(3).at() - failed.get(2).at();
            assertTrue(failed.get(1).at() - failed.get(0).at() >= Duration.ofMillis(240).toNanos());
            assertTrue(gap1 >= Duration.ofMillis(490).toNanos() && gap2 >= Duration.ofMillis(990).toNanos(),
                    "gaps grow: " + gap1 / 1_000_000 + " ms, " + gap2 / 1_000_000 + " ms");
            assertEquals(List.of(), heard);
            agent.failHealthWith(0);
            await(Duration.ofSeconds(10), () -> heard.size() == 1, () -> "recovered");
        } finally {
            w.close();
        }
    }
}
