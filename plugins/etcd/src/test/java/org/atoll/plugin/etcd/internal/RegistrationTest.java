package org.atoll.plugin.etcd.internal;

import static org.atoll.plugin.etcd.internal.Fixtures.get;
import static org.atoll.plugin.etcd.internal.Fixtures.keys;
import static org.atoll.plugin.etcd.internal.Fixtures.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.ProviderStatus;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.ServiceHealth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Publishing, moving, listing, watching and expiring registrations on one real etcd member. */
class RegistrationTest {

    private static EtcdServers etcd;
    private static Client raw;

    private String prefix;
    private EtcdDiscovery provider;

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
    void open() {
        prefix = Fixtures.uniquePrefix();
        provider = Fixtures.provider(Fixtures.settings(prefix, 10), etcd.members());
    }

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void registerWritesTheLayoutMovesTheKeyAndDeregisterRemovesIt() {
        Registration r = registration("web-1:80", "web", 8080, List.of());
        provider.register(r);
        String key = prefix + "/prod/web/80/8080/web-1:80";
        KeyValue kv = get(raw, key).orElseThrow();
        assertNotEquals(0, kv.getLease(), "put with the provider's lease");
        JsonObject v = new JsonObject(kv.getValue().toString(StandardCharsets.UTF_8));
        assertEquals("web-1:80", v.getString("id"));
        assertEquals("node-1", v.getString("host"));
        assertEquals("node-1", v.getString("node"));
        assertEquals("127.0.0.1", v.getString("ipaddress"));
        assertEquals("8080", v.getString("host_port"));
        assertEquals("80", v.getString("port"));
        assertEquals("tcp", v.getString("proto"));
        assertEquals(new JsonArray(List.of("a", "b")), v.getJsonArray("tags"));
        assertEquals("web", v.getString("name"));
        assertEquals("example/web:1", v.getString("image"));
        assertEquals("prod", v.getString("environment"));
        assertEquals(key, v.getString("path"));
        assertEquals(new JsonArray(), v.getJsonArray("checks"));
        assertEquals(true, v.getBoolean("healthy"));
        assertEquals(ProviderStatus.State.UP, provider.status().state());

        provider.register(r); // idempotent
        assertEquals(List.of(key), keys(raw, prefix));

        provider.register(registration("web-1:80", "web", 8081, List.of()));
        String moved = prefix + "/prod/web/80/8081/web-1:80";
        assertEquals(List.of(moved), keys(raw, prefix), "the key moved with the host port");

        List<Registration> regs = provider.registrations();
        assertEquals(1, regs.size());
        assertEquals(8081, regs.get(0).hostPort());
        assertEquals(List.of("a", "b"), regs.get(0).tags());
        List<ServiceHealth> catalog = provider.catalog();
        assertEquals(1, catalog.size());
        assertTrue(catalog.get(0).healthy());
        assertEquals(regs.get(0), catalog.get(0).registration());
        assertEquals(List.of(new Endpoint("web-1:80", "127.0.0.1", 8081, true, "prod")), provider.resolve("web"));
        assertEquals(List.of(), provider.resolve("other"));

        provider.deregister("web-1:80");
        assertEquals(List.of(), keys(raw, prefix));
        provider.deregister("web-1:80"); // idempotent
        assertEquals(List.of(), provider.registrations());
        assertEquals(List.of(), provider.resolve("web"));
    }

    @Test
    void entriesThatDoNotFitTheLayoutAreIgnored() throws Exception {
        raw.getKVClient().put(Fixtures.bytes(prefix + "/prod/web/80/8080"), Fixtures.bytes("{}")).get(5,
                TimeUnit.SECONDS);
        raw.getKVClient().put(Fixtures.bytes(prefix + "/prod/web/80/8080/x:1"), Fixtures.bytes("not json")).get(5,
                TimeUnit.SECONDS);
        raw.getKVClient().put(Fixtures.bytes(prefix + "/prod/web/eighty/8080/x:2"), Fixtures.bytes("{}")).get(5,
                TimeUnit.SECONDS);
        provider.register(registration("web-1:80", "web", 8080, List.of()));
        assertEquals(List.of("web-1:80"), provider.registrations().stream().map(Registration::id).toList());
    }

    @Test
    void aRegistrationLeftByAnEarlierRunMovesWhenRegisteredAgain() {
        EtcdDiscovery earlier = Fixtures.provider(Fixtures.settings(prefix, 10), etcd.members());
        try {
            earlier.register(registration("api-1:80", "api", 9000, List.of()));
        } finally {
            earlier.close();
        }
        provider.register(registration("api-1:80", "api", 9001, List.of()));
        assertEquals(List.of(prefix + "/prod/api/80/9001/api-1:80"), keys(raw, prefix));
    }

    @Test
    void watchDeliversAddsAndRemovesUntilClosed() throws Exception {
        Recorder rec = new Recorder();
        AutoCloseable handle = provider.watch("api", rec);
        try {
            rec.await(Duration.ofSeconds(10), "the initial, empty list", List::isEmpty);
            provider.register(registration("api-1:80", "api", 9000, List.of()));
            rec.await(Duration.ofSeconds(10), "api-1 added", l -> Recorder.ids(l, "api-1:80"));
            provider.register(registration("db-1:80", "db", 9100, List.of()));
            provider.register(registration("api-2:80", "api", 9001, List.of()));
            rec.await(Duration.ofSeconds(10), "api-2 added", l -> Recorder.ids(l, "api-1:80", "api-2:80"));
            assertTrue(rec.deliveries.stream().flatMap(List::stream).noneMatch(e -> e.registrationId().startsWith("db")),
                    "only endpoints of the watched name");
            provider.deregister("api-1:80");
            rec.await(Duration.ofSeconds(10), "api-1 removed", l -> Recorder.ids(l, "api-2:80"));
        } finally {
            handle.close();
        }
        int seen = rec.deliveries.size();
        provider.register(registration("api-3:80", "api", 9002, List.of()));
        Recorder after = new Recorder();
        AutoCloseable probe = provider.watch("api", after);
        after.await(Duration.ofSeconds(10), "a second watch sees api-3", l -> l.size() == 2);
        probe.close();
        assertEquals(seen, rec.deliveries.size(), "a closed watch delivers nothing more");
    }

    @Test
    void entriesOfAStoppedProviderExpireWithItsLeaseAndASuccessorCanDeleteThem() {
        EtcdDiscovery dying = Fixtures.provider(Fixtures.settings(prefix, 2), etcd.members());
        dying.register(registration("old-1:80", "old", 7000, List.of()));
        dying.register(registration("old-2:80", "old", 7001, List.of()));
        dying.close(); // no deregister: the kernel died

        EtcdDiscovery successor = Fixtures.provider(Fixtures.settings(prefix, 2), etcd.members());
        try {
            assertEquals(List.of("old-1:80", "old-2:80"),
                    successor.registrations().stream().map(Registration::id).sorted().toList());
            successor.deregister("old-2:80");
            assertEquals(List.of(prefix + "/prod/old/80/7000/old-1:80"), keys(raw, prefix));
            Waits.until(Duration.ofSeconds(10), "old-1 expired with the dead provider's lease",
                    () -> keys(raw, prefix).isEmpty());
        } finally {
            successor.close();
        }
    }

    @Test
    void aLostLeaseIsReplacedAndEverythingIsPublishedAgain() throws Exception {
        provider.register(registration("web-1:80", "web", 8080, List.of()));
        provider.register(registration("web-2:80", "web", 8081, List.of()));
        String key = prefix + "/prod/web/80/8080/web-1:80";
        long lease = get(raw, key).orElseThrow().getLease();
        raw.getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS); // what an expiry during a partition does
        Waits.until(Duration.ofSeconds(15), "both published again under a new lease", () -> {
            var a = get(raw, key);
            var b = get(raw, prefix + "/prod/web/80/8081/web-2:80");
            return a.isPresent() && b.isPresent() && a.get().getLease() != lease
                    && a.get().getLease() == b.get().getLease();
        });
    }
}
