package org.atoll.kernel.internal.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

import org.atoll.api.model.Node;
import org.atoll.api.model.Registry;
import org.atoll.api.model.Resources;
import org.atoll.kernel.internal.input.Domain;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.node.NodeStatus;
import org.atoll.kernel.internal.secret.EncryptedSecrets;
import org.atoll.kernel.internal.discovery.DirectAddresses;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.store.EmbeddedStateStore;
import org.atoll.kernel.internal.testing.Await;
import org.atoll.kernel.internal.testing.InMemoryRegistryProvider;
import org.atoll.kernel.internal.testing.InMemoryRouter;
import org.atoll.kernel.internal.testing.StaticRegistry;
import org.atoll.kernel.internal.validate.HostileInputs;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.Router;
import org.atoll.spi.routing.RoutingTable;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's side of routing (commands, validation, tables, following discovery, hosts, domains,
 * refusals) with in-memory routers; the HAProxy and Nginx plugins and RoutingIT run the real daemons.
 */
class RoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ScheduledThreadPoolExecutor executor;
    private EmbeddedStateStore store;
    private InMemoryRouter haproxy;
    private InMemoryRouter nginx;
    private InMemoryRegistryProvider etcd;
    private StaticRegistry registry;
    private EncryptedSecrets secrets;
    private NodeService nodes;
    private RoutingServiceImpl routing;
    private Path hosts;

    @BeforeEach
    void setUp() throws Exception {
        executor = new ScheduledThreadPoolExecutor(2);
        store = EmbeddedStateStore.open(dir.resolve("store"), executor);
        haproxy = new InMemoryRouter("haproxy");
        nginx = new InMemoryRouter("nginx");
        etcd = new InMemoryRegistryProvider("etcd");
        registry = new StaticRegistry().add(Router.class, haproxy).add(Router.class, nginx)
                .add(DiscoveryProvider.class, etcd);
        store.commit(Txn.of(Op.put(Keys.node("n1"), Json.write(new Node("n1", "127.0.0.1", new Resources(4000, 4096),
                Map.of(), Instant.now()))), Op.put(Keys.alive("n1"), "{}")));
        secrets = new EncryptedSecrets(store, dir.resolve("secrets.key"));
        nodes = new NodeService() {
            @Override
            public String localName() {
                return "n1";
            }

            @Override
            public List<NodeStatus> list() {
                return new StateRepository(store).nodes().stream().map(n -> new NodeStatus(n, true, 0, true)).toList();
            }
        };
        hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n::1 localhost\n");
        routing = start();
    }

    private RoutingServiceImpl start() {
        return new RoutingServiceImpl(store, registry, nodes, secrets, executor, "127.0.1.0/24",
                new RoutingReconciler.Settings("n1", "127.0.0.1", "haproxy", "127.0.0.1", 8080, hosts,
                        dir.resolve("tls"), Duration.ofSeconds(30)));
    }

    @AfterEach
    void tearDown() {
        routing.deactivate();
        store.close();
        executor.shutdownNow();
    }

    private static BackendServer server(String name, String address, int port) {
        return new BackendServer(name, address, port);
    }

    @Test
    void aLoadBalancerServesItsBackendsOnItsOwnAddressAndAddingItAgainChangesNothing() {
        String out = routing.addLoadBalancer("haproxy", "n1", "ha1", null,
                List.of("web1:10.0.4.20:9000", "web2:10.0.5.20:9000"), null, null, null, WAIT);
        assertEquals("Added haproxy load balancer ha1 on n1 at 127.0.1.1:80, 2 backends.", out);
        RoutingTable t = haproxy.serving.get("ha1");
        assertEquals(List.of(new Frontend("ha1", "127.0.1.1", 80, List.of(), null, null,
                List.of(server("web1", "10.0.4.20", 9000), server("web2", "10.0.5.20", 9000)), Map.of())), t.frontends());

        long revision = store.revision();
        assertEquals("Load balancer ha1 exists already; nothing changed.", routing.addLoadBalancer("haproxy", "n1",
                "ha1", null, List.of("web1:10.0.4.20:9000", "web2:10.0.5.20:9000"), null, null, null, WAIT));
        assertEquals(revision, store.revision());

        assertEquals("Load balancer ha1 exists already; nothing changed.", routing.addLoadBalancer("haproxy", "n1",
                "ha1", null, List.of("web1:10.0.4.20:9000", "web2:10.0.5.20:9000"), null, null, "127.0.1.1", WAIT));
        assertEquals(revision, store.revision());

        // the next one gets the next address and a generated name
        assertTrue(routing.addLoadBalancer("nginx", "n1", null, "mywordpress.org", List.of("10.0.4.10:80"), null, null,
                null, WAIT).startsWith("Added nginx load balancer nginx-1 on n1 at 127.0.1.2:80 for mywordpress.org"));
        Frontend f = nginx.serving.get("nginx-1").frontends().get(0);
        assertEquals(List.of("mywordpress.org"), f.hostnames());
        assertEquals(1, f.backends().size());
        assertTrue(f.backends().get(0).name().startsWith("s-10-0-4-10-80-"), f.backends().toString());
        assertEquals("10.0.4.10", f.backends().get(0).address());

        assertEquals("Added 10.0.5.10:80 to nginx-1.", routing.addBackends("nginx-1", List.of("10.0.5.10:80"), WAIT));
        assertEquals(2, nginx.serving.get("nginx-1").frontends().get(0).backends().size());
        assertEquals("Removed 10.0.4.10:80 from nginx-1.", routing.removeBackends("nginx-1", List.of("10.0.4.10:80"), WAIT));
        assertEquals("10.0.5.10", nginx.serving.get("nginx-1").frontends().get(0).backends().get(0).address());
        assertEquals(1, nginx.serving.get("nginx-1").frontends().get(0).backends().size());

        assertEquals("Set mode of ha1 to leastconn.", routing.set("ha1", "mode", "leastconn", WAIT));
        assertEquals("leastconn", haproxy.serving.get("ha1").frontends().get(0).mode());
        ValidationException bad = assertThrows(ValidationException.class, () -> routing.set("nginx-1", "mode", "leastconn",
                WAIT));
        assertTrue(bad.getMessage().startsWith("mode: \"leastconn\" is not a mode of nginx"), bad.getMessage());
        assertEquals("Set workers of ha1 to 4.", routing.set("ha1", "workers", "4", WAIT));
        assertEquals(4, haproxy.serving.get("ha1").workers());

        assertEquals("Removed load balancer ha1 from n1.", routing.removeLoadBalancer("ha1", WAIT));
        assertFalse(haproxy.serving.containsKey("ha1"));
        assertTrue(haproxy.calls.contains("remove ha1"));
    }

    @Test
    void nginxLoadBalancersNeedAUrlAndABackendAsInFlockport() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> routing.addLoadBalancer("nginx", "n1", null, null, List.of(), null, null, null, WAIT));
        assertEquals("url: an nginx load balancer needs a URL (-u) and at least one backend (-b)", e.getMessage());
        e = assertThrows(ValidationException.class, () -> routing.addLoadBalancer("haproxy", "n9", null, null, List.of(),
                null, null, null, WAIT));
        assertEquals("node: no node n9 (see node-list)", e.getMessage());
        registry.remove(nginx);
        e = assertThrows(ValidationException.class, () -> routing.addLoadBalancer("nginx", "n1", null, "a.org",
                List.of("10.0.0.1:80"), null, null, null, WAIT));
        assertEquals("kind: no nginx router is installed on n1 (feature:install atoll-nginx)", e.getMessage());
        assertTrue(store.list(Keys.ROUTING).isEmpty());
    }

    @Test
    void serviceBackendsFollowDiscoveryWithNoCommand() {
        store.commit(Txn.of(Op.put(Keys.registry("etcd-10"), Json.write(new Registry("etcd-10", "etcd", "n1",
                "127.0.0.10", null)))));
        etcd.connect(List.of(new Registry("etcd-10", "etcd", "n1", "127.0.0.10", null)));
        routing.addLoadBalancer("haproxy", "n1", "ha1", null, List.of("service:web"), null, null, null, WAIT);
        assertEquals(List.of(), haproxy.serving.get("ha1").frontends().get(0).backends());

        etcd.register(registration("web-1:web:80", "web", "shop", "172.17.0.5", 80));
        etcd.register(registration("other:db:5432", "db", "shop", "172.17.0.9", 5432));
        Await.until(WAIT, () -> servers("ha1").size() == 1, () -> "the new instance is routed: " + servers("ha1"));
        BackendServer first = servers("ha1").get(0);
        assertEquals("172.17.0.5", first.address());
        assertEquals(80, first.port());

        etcd.register(registration("web-2:web:80", "web", "shop", "172.17.0.6", 80));
        Await.until(WAIT, () -> servers("ha1").size() == 2, () -> "the second instance is routed: " + servers("ha1"));
        etcd.deregister("web-1:web:80");
        Await.until(WAIT, () -> servers("ha1").size() == 1 && servers("ha1").get(0).address().equals("172.17.0.6"),
                () -> "the dead instance is not routed any more: " + servers("ha1"));
    }

    /** Own addresses as DiscoverySync hands them out, set by the test. */
    private static final class TestDirect implements DirectAddresses {
        final Map<String, Direct> known = new java.util.concurrent.ConcurrentHashMap<>();
        final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean ready = true;

        @Override
        public java.util.Optional<Direct> of(String registrationId) {
            return java.util.Optional.ofNullable(known.get(registrationId));
        }

        @Override
        public boolean ready() {
            return ready;
        }

        void ready(boolean r) {
            ready = r;
            listeners.forEach(Runnable::run);
        }

        @Override
        public AutoCloseable onChange(Runnable listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void set(String id, Direct d) {
            if (d == null) {
                known.remove(id);
            } else {
                known.put(id, d);
            }
            listeners.forEach(Runnable::run);
        }
    }

    @Test
    void instancesOfTheProxysOwnNodeAreReachedAtTheirOwnAddressOthersAsRegistered() {
        routing.deactivate();
        TestDirect direct = new TestDirect();
        direct.set("web-1:web:80", new DirectAddresses.Direct("172.17.0.5", 80));
        routing = new RoutingServiceImpl(store, registry, nodes, secrets, executor, direct, "127.0.1.0/24",
                new RoutingReconciler.Settings("n1", "127.0.0.1", "haproxy", "127.0.0.1", 8080, hosts,
                        dir.resolve("tls"), Duration.ofSeconds(30)));
        store.commit(Txn.of(Op.put(Keys.registry("etcd-10"), Json.write(new Registry("etcd-10", "etcd", "n1",
                "127.0.0.10", null)))));
        etcd.connect(List.of(new Registry("etcd-10", "etcd", "n1", "127.0.0.10", null)));
        etcd.register(registration("web-1:web:80", "web", "shop", "127.0.0.1", 32768));
        etcd.register(new Registration("web-2:web:80", "web", "shop", "n2", "192.0.2.7", 32769, 80, "tcp", "img",
                List.of(), List.of()));
        routing.addLoadBalancer("haproxy", "n1", "ha1", null, List.of("service:web"), null, null, null, WAIT);
        Await.until(WAIT, () -> servers("ha1").size() == 2, () -> "both instances are routed: " + servers("ha1"));
        assertEquals(List.of("172.17.0.5:80", "192.0.2.7:32769"), targets("ha1"),
                "this node's instance at its own address, the other node's at its published port");

        direct.set("web-1:web:80", new DirectAddresses.Direct("172.17.0.9", 80));
        Await.until(WAIT, () -> targets("ha1").contains("172.17.0.9:80"),
                () -> "a new own address is followed without a registry change: " + targets("ha1"));
        direct.set("web-1:web:80", null);
        Await.until(WAIT, () -> targets("ha1").contains("127.0.0.1:32768"),
                () -> "without one the registered address is used: " + targets("ha1"));
    }

    @Test
    void afterAKernelRestartDiscoveredServersAreKeptUntilThisNodesInstancesAreRegisteredAgain() {
        store.commit(Txn.of(Op.put(Keys.registry("etcd-10"), Json.write(new Registry("etcd-10", "etcd", "n1",
                "127.0.0.10", null)))));
        etcd.connect(List.of(new Registry("etcd-10", "etcd", "n1", "127.0.0.10", null)));
        etcd.register(registration("web-1:web:80", "web", "shop", "172.17.0.5", 80));
        routing.addLoadBalancer("haproxy", "n1", "ha1", null, List.of("service:web"), null, null, null, WAIT);
        assertEquals(List.of("172.17.0.5:80"), targets("ha1"));
        routing.deactivate();

        // the kernel was down longer than the lease: its instance's entry expired, the registry answers
        etcd.deregister("web-1:web:80");
        TestDirect direct = new TestDirect();
        direct.ready = false;
        routing = new RoutingServiceImpl(store, registry, nodes, secrets, executor, direct, "127.0.1.0/24",
                new RoutingReconciler.Settings("n1", "127.0.0.1", "haproxy", "127.0.0.1", 8080, hosts,
                        dir.resolve("tls"), Duration.ofSeconds(30)));
        Await.until(WAIT, () -> routing.loadBalancers().get(0).message().equals("waiting for discovery of web"),
                () -> "waits for this node's discovery: " + routing.loadBalancers());
        assertEquals(List.of("172.17.0.5:80"), targets("ha1"), "the server was not taken away meanwhile");

        // the first full pass registers what runs here again, then says so
        etcd.register(registration("web-1:web:80", "web", "shop", "172.17.0.5", 80));
        direct.ready(true);
        Await.until(WAIT, () -> "serving".equals(routing.loadBalancers().get(0).state()),
                () -> "serves once this node's instances are registered: " + routing.loadBalancers());
        assertEquals(List.of("172.17.0.5:80"), targets("ha1"));
    }

    private List<String> targets(String lb) {
        return servers(lb).stream().map(s -> s.address() + ":" + s.port()).sorted().toList();
    }

    @Test
    void aRestartWhileTheRegistryIsUnreachableKeepsTheDiscoveredServers() {
        store.commit(Txn.of(Op.put(Keys.registry("etcd-10"), Json.write(new Registry("etcd-10", "etcd", "n1",
                "127.0.0.10", null)))));
        etcd.connect(List.of(new Registry("etcd-10", "etcd", "n1", "127.0.0.10", null)));
        etcd.register(registration("web-1:web:80", "web", "shop", "172.17.0.5", 80));
        routing.addLoadBalancer("haproxy", "n1", "ha1", null, List.of("service:web"), null, null, null, WAIT);
        assertEquals(1, servers("ha1").size());
        routing.deactivate();

        etcd.down(true);
        routing = start();
        Await.until(WAIT, () -> routing.loadBalancers().get(0).message().equals("waiting for discovery of web"),
                () -> "waits for the registry: " + routing.loadBalancers());
        assertEquals(1, servers("ha1").size(), "the server was not taken away meanwhile");
        etcd.down(false);
        Await.until(WAIT, () -> "serving".equals(routing.loadBalancers().get(0).state()),
                () -> "serves once the registry answers: " + routing.loadBalancers());
        assertEquals("172.17.0.5", servers("ha1").get(0).address());
    }

    private List<BackendServer> servers(String lb) {
        RoutingTable t = haproxy.serving.get(lb);
        return t == null ? List.of() : t.frontends().get(0).backends();
    }

    private static Registration registration(String id, String name, String env, String address, int port) {
        return new Registration(id, name, env, "n1", address, port, port, "tcp", "img", List.of(), List.of());
    }

    @Test
    void aChangeTheDaemonsCheckerRefusesChangesNothing() {
        routing.addLoadBalancer("haproxy", "n1", "ha1", null, List.of("web1:10.0.4.20:9000"), null, null, null, WAIT);
        var before = store.get(Keys.loadBalancer("ha1")).orElseThrow();
        RoutingTable served = haproxy.serving.get("ha1");
        haproxy.refuse = t -> t.frontends().get(0).backends().size() > 1 ? "cannot bind" : null;

        ValidationException e = assertThrows(ValidationException.class,
                () -> routing.addBackends("ha1", List.of("web2:10.0.4.21:9000"), WAIT));
        assertEquals("ha1: refused, nothing changed: [ALERT] checker: cannot bind", e.getMessage());
        assertEquals(new String(before.value(), StandardCharsets.UTF_8),
                new String(store.get(Keys.loadBalancer("ha1")).orElseThrow().value(), StandardCharsets.UTF_8));
        assertEquals(served, haproxy.serving.get("ha1"));
        haproxy.refuse = t -> null;
        Await.until(WAIT, () -> "serving".equals(routing.loadBalancers().get(0).state()),
                () -> "after the undo the proxy serves again: " + routing.loadBalancers());
    }

    @Test
    void portPublishAddsAListenerOnTheNodeAddressAndRefusesTakenPorts() {
        routing.addLoadBalancer("haproxy", "n1", "ha1", "shop.example", List.of("web1:10.0.4.20:9000"), null,
                new RoutingService.Tls(null, null, true), null, WAIT);
        int port = freePort();
        assertEquals("Published port 443 of ha1 on n1 at 127.0.0.1:" + port + ".",
                routing.publishPort("n1:ha1", 443, port, WAIT));
        List<Frontend> fs = haproxy.serving.get("ha1").frontends();
        assertEquals(List.of("ha1", "ha1-tls", "ha1-tls-p" + port), fs.stream().map(Frontend::name).toList());
        Frontend pub = fs.get(2);
        assertEquals("127.0.0.1", pub.address());
        assertEquals(port, pub.port());
        assertNotNull(pub.tls());
        assertEquals(fs.get(1).backends(), pub.backends());

        routing.addWebserver("n1", "ws1", null, WAIT);
        ValidationException e = assertThrows(ValidationException.class, () -> routing.publishPort("n1:ws1", 80, port, WAIT));
        assertEquals("hostPort: port " + port + " on n1 is published by ha1", e.getMessage());
        e = assertThrows(ValidationException.class, () -> routing.publishPort("n2:ws1", 80, 80, WAIT));
        assertEquals("target.node: ws1 runs on n1, not on n2", e.getMessage());
        e = assertThrows(ValidationException.class, () -> routing.publishPort("n1:ws1", 443, 8443, WAIT));
        assertEquals("port: ws1 has no TLS, so nothing listens on 443", e.getMessage());
        assertEquals("Stopped publishing " + port + " of ha1.", routing.unpublishPort("n1:ha1", port, WAIT));
        assertEquals(2, haproxy.serving.get("ha1").frontends().size());
    }

    @Test
    void webserverAppsWithSelfSignedCertificatesGetFilesOnlyTheKernelReads() throws Exception {
        assertEquals("Added webserver ws1 on n1 at 127.0.1.1 (publish apps with app-publish ws1 URL BACKEND).",
                routing.addWebserver("n1", "ws1", null, WAIT));
        routing.publishApp("ws1", "myminio.org", "10.0.5.20:9000", null, WAIT);
        String out = routing.publishApp("ws1", "MyMattermost.app", "10.0.7.40:9425", new RoutingService.Tls(null, null,
                true), WAIT);
        assertEquals("Published mymattermost.app on ws1 → 10.0.7.40:9425 (HTTP and HTTPS, self-signed certificate).", out);
        List<Frontend> fs = nginx.serving.get("ws1").frontends();
        assertEquals(3, fs.size());
        Frontend tls = fs.stream().filter(f -> f.port() == 443).findFirst().orElseThrow();
        assertEquals(List.of("mymattermost.app"), tls.hostnames());
        Path cert = Path.of(tls.tls().certificate());
        Path key = Path.of(tls.tls().key());
        assertTrue(Files.readString(cert).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(Files.readString(key).contains("PRIVATE KEY"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        // the key is in the store only encrypted
        String secretName = Secrets.tlsOfApp("ws1", "mymattermost.app");
        String raw = new String(store.get(Keys.secret(secretName)).orElseThrow().value(), StandardCharsets.UTF_8);
        assertFalse(raw.contains("PRIVATE KEY"));

        assertEquals("Removed mymattermost.app from ws1.", routing.removeApp("ws1", "mymattermost.app", WAIT));
        assertTrue(secrets.get(secretName).isEmpty());
        assertEquals(1, nginx.serving.get("ws1").frontends().size());
    }

    @Test
    void givenCertificatesAreCheckedBeforeAnythingIsStored() throws Exception {
        routing.addWebserver("n1", "ws1", null, WAIT);
        Path fake = dir.resolve("fake.pem");
        Files.writeString(fake, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        long revision = store.revision();
        ValidationException e = assertThrows(ValidationException.class, () -> routing.publishApp("ws1", "a.org",
                "10.0.0.1:80", RoutingService.Tls.files(fake.toString(), key.toString()), WAIT));
        assertTrue(e.getMessage().startsWith("tls.certificate: " + fake + " is not a valid certificate"), e.getMessage());
        e = assertThrows(ValidationException.class, () -> routing.publishApp("ws1", "a.org", "10.0.0.1:80",
                RoutingService.Tls.files(dir + "/../etc/passwd", key.toString()), WAIT));
        assertTrue(e.getMessage().startsWith("tls.certificate: "), e.getMessage());
        assertEquals(revision, store.revision());
    }

    @Test
    void hostsAddKeepsAManagedBlockAndLeavesTheRestOfTheFile() throws Exception {
        assertEquals("Added myminio.org → 10.0.4.100 in " + hosts + " (on every node).",
                routing.addHost("myminio.org", "10.0.4.100"));
        Await.until(WAIT, () -> read(hosts).contains("10.0.4.100 myminio.org"), () -> read(hosts));
        assertEquals("127.0.0.1 localhost\n::1 localhost\n" + HostsFile.BEGIN + "\n10.0.4.100 myminio.org\n"
                + HostsFile.END + "\n", read(hosts));
        assertEquals("myminio.org points to 10.0.4.100 already; nothing changed.", routing.addHost("myminio.org",
                "10.0.4.100"));
        routing.removeHost("myminio.org");
        Await.until(WAIT, () -> !read(hosts).contains("atoll"), () -> read(hosts));
        assertEquals("127.0.0.1 localhost\n::1 localhost\n", read(hosts));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void routingDomainsServeTheirDeploymentsServiceWithDigestUsers() {
        store.commit(Txn.of(Op.put(Keys.registry("etcd-10"), Json.write(new Registry("etcd-10", "etcd", "n1",
                "127.0.0.10", null)))));
        etcd.connect(List.of(new Registry("etcd-10", "etcd", "n1", "127.0.0.10", null)));
        etcd.register(registration("a-1:app:80", "app", "example", "172.17.0.5", 80));
        etcd.register(registration("b-1:app:80", "app", "example-staging", "172.17.0.6", 80));
        Map<String, Domain> domains = new LinkedHashMap<>();
        domains.put("example.org", new Domain("example.org", "example", "app", Map.of()));
        routing.declareDomains("example", domains, WAIT);
        Map<String, Domain> staging = Map.of("staging.example.org", new Domain("staging.example.org", "example-staging",
                "app", Map.of("internal", "secret")));
        String out = routing.declareDomains("example-staging", staging, WAIT);
        assertEquals("Routing domains: staging.example.org → example-staging:app (digest auth), on 127.0.0.1:8080.", out);
        Await.until(WAIT, () -> {
            RoutingTable t = haproxy.serving.get(RoutingService.DOMAINS_PROXY);
            return t != null && t.frontends().size() == 2 && t.frontends().stream().allMatch(f -> f.backends().size() == 1);
        }, () -> "both domains routed: " + haproxy.serving);
        RoutingTable t = haproxy.serving.get(RoutingService.DOMAINS_PROXY);
        Frontend prod = t.frontends().get(0);
        Frontend stage = t.frontends().get(1);
        assertEquals("172.17.0.5", prod.backends().get(0).address());
        assertEquals(Map.of(), prod.auth());
        assertEquals("172.17.0.6", stage.backends().get(0).address());
        assertEquals(Map.of("internal", "secret"), stage.auth());
        assertFalse(new String(store.get(Keys.domains("example-staging")).orElseThrow().value(), StandardCharsets.UTF_8)
                .contains("secret"));

        ValidationException e = assertThrows(ValidationException.class, () -> routing.declareDomains("other",
                Map.of("example.org", new Domain("example.org", "other", "web", Map.of())), WAIT));
        assertEquals("domains.example.org: is routed by deployment example already", e.getMessage());

        routing.declareDomains("example", Map.of(), WAIT);
        routing.declareDomains("example-staging", Map.of(), WAIT);
        Await.until(WAIT, () -> !haproxy.serving.containsKey(RoutingService.DOMAINS_PROXY),
                () -> "no domains left, no proxy: " + haproxy.serving.keySet());
    }

    @Test
    void afterARestartProxiesAreKeptAndOnesNothingDeclaresAreRemoved() {
        routing.addLoadBalancer("haproxy", "n1", "ha1", null, List.of("web1:10.0.4.20:9000"), null, null, null, WAIT);
        routing.deactivate();
        haproxy.serving.put("ghost", new RoutingTable(List.of()));
        int applies = (int) haproxy.calls.stream().filter(c -> c.equals("apply ha1")).count();
        routing = start();
        Await.until(WAIT, () -> !haproxy.serving.containsKey("ghost"), () -> "the ghost is removed: " + haproxy.calls);
        assertEquals(applies, haproxy.calls.stream().filter(c -> c.equals("apply ha1")).count(),
                "ha1 was not applied again: " + haproxy.calls);
        assertTrue(haproxy.serving.containsKey("ha1"));
    }

    /** Every hostile value in every field of every command: a clear error naming the field, and no change. */
    @Test
    void hostileInputInEveryFieldChangesNothing() throws Exception {
        routing.addLoadBalancer("haproxy", "n1", "ha1", null, List.of("web1:10.0.4.20:9000"), null, null, null, WAIT);
        routing.addWebserver("n1", "ws1", null, WAIT);
        routing.publishApp("ws1", "a.org", "10.0.0.1:80", null, WAIT);
        Map<String, RoutingTable> served = Map.copyOf(haproxy.serving);
        Map<String, RoutingTable> servedNginx = Map.copyOf(nginx.serving);
        String hostsBefore = read(hosts);
        List<String> corpus = new ArrayList<>(HostileInputs.CORPUS);
        corpus.addAll(List.of("a\u0085b", "lua-load /x.lua", "server x 1.2.3.4:1", "x.org;", "x.org\n", "/tmp/../etc/shadow",
                "*", "a..b", "-a.org"));
        List<Consumer<String>> fields = List.of(
                v -> routing.addLoadBalancer(v, "n1", "x", null, List.of(), null, null, null, WAIT),
                v -> routing.addLoadBalancer("haproxy", v, "x", null, List.of(), null, null, null, WAIT),
                v -> routing.addLoadBalancer("haproxy", "n1", v, null, List.of(), null, null, null, WAIT),
                v -> routing.addLoadBalancer("haproxy", "n1", "x", v, List.of(), null, null, null, WAIT),
                v -> routing.addLoadBalancer("haproxy", "n1", "x", null, List.of(v), null, null, null, WAIT),
                v -> routing.addLoadBalancer("haproxy", "n1", "x", null, List.of("w:" + v + ":80"), null, null, null, WAIT),
                v -> routing.addLoadBalancer("haproxy", "n1", "x", null, List.of(), v, null, null, WAIT),
                v -> routing.addLoadBalancer("haproxy", "n1", "x", null, List.of(), null, null, v, WAIT),
                v -> routing.addLoadBalancer("haproxy", "n1", "x", null, List.of(), null,
                        RoutingService.Tls.files(v, "/etc/hostname"), null, WAIT),
                v -> routing.addLoadBalancer("haproxy", "n1", "x", null, List.of(), null,
                        RoutingService.Tls.files("/etc/hostname", v), null, WAIT),
                v -> routing.addBackends("ha1", List.of(v), WAIT),
                v -> routing.addBackends(v, List.of("w:10.0.0.1:80"), WAIT),
                v -> routing.removeBackends("ha1", List.of(v), WAIT),
                v -> routing.set("ha1", "mode", v, WAIT),
                v -> routing.set("ha1", "url", v, WAIT),
                v -> routing.set("ha1", "ssl", v, WAIT),
                v -> routing.set("ha1", "workers", v, WAIT),
                v -> routing.set("ha1", "resolvers", v, WAIT),
                v -> routing.set("ha1", v, "1", WAIT),
                v -> routing.publishPort(v, 80, 8081, WAIT),
                v -> routing.publishPort("n1:" + v, 80, 8081, WAIT),
                v -> routing.addWebserver(v, null, null, WAIT),
                v -> routing.addWebserver("n1", v, null, WAIT),
                v -> routing.addWebserver("n1", "ws2", v, WAIT),
                v -> routing.publishApp("ws1", v, "10.0.0.1:80", null, WAIT),
                v -> routing.publishApp("ws1", "b.org", v, null, WAIT),
                v -> routing.publishApp(v, "b.org", "10.0.0.1:80", null, WAIT),
                v -> routing.publishApp("ws1", "b.org", "10.0.0.1:80", RoutingService.Tls.files(v, "/etc/hostname"), WAIT),
                v -> routing.removeApp("ws1", v, WAIT),
                v -> routing.addHost(v, "10.0.0.1"),
                v -> routing.addHost("b.org", v),
                v -> routing.declareDomains("d", Map.of("b.org", new Domain(v, "d", "web", Map.of())), WAIT),
                v -> routing.declareDomains("d", Map.of("b.org", new Domain("b.org", "d", v, Map.of())), WAIT),
                v -> routing.declareDomains("d", Map.of("b.org", new Domain("b.org", "d", "web", Map.of(v, "pw"))), WAIT),
                v -> routing.declareDomains("d", Map.of("b.org", new Domain("b.org", "d", "web",
                        Map.of("u", v.isEmpty() ? "" : "p" + v.charAt(v.length() - 1) + "\n"))), WAIT));
        long revision = store.revision();
        int rejected = 0;
        for (int f = 0; f < fields.size(); f++) {
            for (String v : corpus) {
                final int field = f;
                RuntimeException e = assertThrows(RuntimeException.class, () -> fields.get(field).accept(v),
                        () -> "field " + field + " accepted " + v.substring(0, Math.min(40, v.length())));
                assertTrue(e instanceof ValidationException || e instanceof IllegalArgumentException,
                        "field " + field + ": " + e);
                assertNotNull(e.getMessage());
                assertTrue(e.getMessage().matches("(?s)[a-zA-Z][a-zA-Z0-9.\\[\\]-]*: .*|ha1: .*|ws1: .*"),
                        "names its field: " + e.getMessage());
                rejected++;
            }
        }
        assertEquals(revision, store.revision(), "nothing was stored");
        assertEquals(served, haproxy.serving);
        assertEquals(servedNginx, nginx.serving);
        assertEquals(hostsBefore, read(hosts));
        assertEquals(fields.size() * corpus.size(), rejected);
        assertNull(routing.loadBalancers().stream().filter(l -> l.name().equals("x")).findFirst().orElse(null));
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anOpenPreconditionRefusesAChangeToARecordAtAnotherRevision() {
        routing.addLoadBalancer("haproxy", "n1", "ha1", null, List.of("web1:10.0.4.20:9000"), null, null, null, WAIT);
        String key = org.atoll.kernel.internal.state.Keys.loadBalancer("ha1");
        long read = store.get(key).orElseThrow().modRevision();
        routing.set("ha1", "mode", "leastconn", WAIT); // another client, after this one read
        long before = store.revision();
        try (Precondition p = Precondition.expect(key, read)) {
            org.atoll.kernel.internal.deploy.StaleRevisionException e = assertThrows(
                    org.atoll.kernel.internal.deploy.StaleRevisionException.class,
                    () -> routing.set("ha1", "mode", "source", WAIT));
            assertTrue(e.getMessage().startsWith("load balancer ha1 is at revision "), e.getMessage());
            assertThrows(org.atoll.kernel.internal.deploy.StaleRevisionException.class,
                    () -> routing.removeLoadBalancer("ha1", WAIT));
        }
        assertEquals(before, store.revision(), "nothing changed");
        long now = store.get(key).orElseThrow().modRevision();
        try (Precondition p = Precondition.expect(key, now)) {
            assertEquals("Set mode of ha1 to source.", routing.set("ha1", "mode", "source", WAIT));
        }
        assertEquals("Set mode of ha1 to roundrobin.", routing.set("ha1", "mode", "roundrobin", WAIT),
                "closed, the precondition no longer applies");
    }
}
