package org.atoll.kernel.internal.validate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Database;
import org.atoll.api.model.Deployment;
import org.atoll.api.model.Job;
import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.LoadBalancer;
import org.atoll.api.model.Node;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.PublishedApp;
import org.atoll.api.model.Registry;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.TlsSpec;
import org.atoll.api.model.Vip;
import org.atoll.api.model.Volume;
import org.atoll.api.model.Webserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ModelValidatorTest {

    static final List<String> CORPUS = HostileInputs.CORPUS;

    private static ServiceSpec good() {
        return new ServiceSpec("local/web:1", List.of("/bin/httpd", "-f"), Map.of("GREETING", "hello; world"),
                List.of(new PortSpec(80, 8080, "tcp")), Map.of("data", "/srv/data"),
                List.of(new LinkSpec("db", 5432, "DB")), 3,
                List.of(new CheckSpec("alive", "tcp", "80", Duration.ofSeconds(5), Duration.ofSeconds(1)),
                        new CheckSpec("page", "http", "http://localhost:80/health?x=1", null, null)),
                new Resources(500, 128), List.of("s1"));
    }

    private static Map<String, String> fieldsOf(Executable call) {
        ValidationException e = assertThrows(ValidationException.class, call);
        return e.problems().stream().collect(Collectors.toMap(Problem::field, Problem::message, (a, b) -> a + "; " + b));
    }

    @Test
    void aGoodServicePasses() {
        assertDoesNotThrow(() -> ModelValidator.validate("services.web", good()));
    }

    @Test
    void everyProblemIsReportedWithItsFieldPath() {
        ServiceSpec bad = new ServiceSpec("Bad Image", List.of("ok", "nul\0"), Map.of("1BAD", "x", "OK", "nul\0"),
                List.of(new PortSpec(0, 70000, "sctp"), new PortSpec(81, 70000, "sctp")), Map.of("data", "relative"),
                List.of(new LinkSpec("Db", 0, "a-b")), -1,
                List.of(new CheckSpec("c", "tcp", "10.0.0.1:80", null, null), new CheckSpec("c", "udp", "x", null, null)),
                new Resources(-1, -1), List.of("Node_1"));
        Map<String, String> f = fieldsOf(() -> ModelValidator.validate("services.web", bad));
        assertTrue(f.get("services.web.image").contains("not a valid image"), f.toString());
        assertTrue(f.get("services.web.cmd[1]").contains("NUL"));
        assertTrue(f.get("services.web.env").contains("\"1BAD\""));
        assertTrue(f.get("services.web.env.OK").contains("NUL"));
        assertTrue(f.get("services.web.ports[0].container").contains("0 is not a port"));
        assertTrue(f.get("services.web.ports[0].host").contains("70000"));
        assertTrue(f.get("services.web.ports[0].proto").contains("sctp"));
        assertTrue(f.get("services.web.volumes.data").contains("not an absolute path"));
        assertTrue(f.containsKey("services.web.links[0].service"));
        assertTrue(f.containsKey("services.web.links[0].port"));
        assertTrue(f.containsKey("services.web.links[0].alias"));
        assertTrue(f.get("services.web.count").contains("out of range"));
        assertTrue(f.get("services.web.checks[0].target").contains("only target the instance itself"));
        assertTrue(f.get("services.web.checks[1].type").contains("not a check type"));
        assertTrue(f.get("services.web.checks[1].name").contains("defined twice"));
        assertTrue(f.containsKey("services.web.resources.cpuMillis"));
        assertTrue(f.containsKey("services.web.resources.memoryMb"));
        assertTrue(f.containsKey("services.web.nodes[0]"));
        assertTrue(f.get("services.web.ports[1].host").contains("published twice") || f.size() > 15);
    }

    @ParameterizedTest
    @FieldSource("CORPUS")
    void hostileValuesAreRefusedInEveryNameLikeField(String v) {
        assertThrows(ValidationException.class, () -> ModelValidator.validate(new Deployment(v, "", Map.of(), null)));
        assertThrows(ValidationException.class,
                () -> ModelValidator.validate("s", new ServiceSpec(v, null, null, null, null, null, 1, null, null, null)));
        assertThrows(ValidationException.class, () -> ModelValidator.validate("s",
                new ServiceSpec("img", null, Map.of(v, "x"), null, null, null, 1, null, null, null)));
        assertThrows(ValidationException.class, () -> ModelValidator.validate("s",
                new ServiceSpec("img", null, null, null, Map.of("data", v), null, 1, null, null, null)));
        assertThrows(ValidationException.class, () -> ModelValidator.validate("s",
                new ServiceSpec("img", null, null, null, null, null, 1, null, null, null, v.isEmpty() ? "-" : v)));
        assertThrows(ValidationException.class, () -> ModelValidator.validate(new Node(v, "10.0.0.1", null, null, null)));
        assertThrows(ValidationException.class, () -> ModelValidator.validate(new Node("s1", v, null, null, null)));
        assertThrows(ValidationException.class,
                () -> ModelValidator.validate(new LoadBalancer("lb", "haproxy", "s1", v, null, null, null, 0, null)));
        assertThrows(ValidationException.class, () -> ModelValidator
                .validate(new LoadBalancer("lb", "haproxy", "s1", null, null, List.of(v), null, 0, null)));
        assertThrows(ValidationException.class, () -> ModelValidator.validate(
                new LoadBalancer("lb", "nginx", "s1", null, null, null, new TlsSpec(v, "/k.pem", false), 0, null)));
        assertThrows(ValidationException.class,
                () -> ModelValidator.validate(new Webserver("ws", "s1", List.of(new PublishedApp(v, "10.0.0.1:80", null)))));
        assertThrows(ValidationException.class,
                () -> ModelValidator.validate(new Database("db", "mysql", "s1", v, "wp", "10.0.0.0/24", "db-secret")));
        assertThrows(ValidationException.class,
                () -> ModelValidator.validate(new Vip("vip", v, List.of("s1", "s2"))));
        assertThrows(ValidationException.class, () -> ModelValidator.validate(new Job(v, 1, null, null, 0, null)));
        assertThrows(ValidationException.class,
                () -> ModelValidator.validate(new Registry("r", "etcd", "s1", v, null)));
        assertThrows(ValidationException.class, () -> ModelValidator.validate(new Volume(v, "d", "s", "n", "zfs")));
    }

    @Test
    void descriptionsMayBeFreeTextButOneLine() {
        assertDoesNotThrow(() -> ModelValidator.validate(new Deployment("prod", "Our shop; \"live\" #1", Map.of(), null)));
        Map<String, String> f = fieldsOf(() -> ModelValidator.validate(new Deployment("prod", "a\nb", Map.of(), null)));
        assertEquals(Map.of("description", "contains a control character at position 1"), f);
    }

    @Test
    void loadBalancerModesDependOnTheKind() {
        assertDoesNotThrow(() -> ModelValidator.validate(new LoadBalancer("ha1", "haproxy", "s1", "mywordpress.org",
                "leastconn", List.of("web1:10.0.4.20:9000", "service:wordpress"), null, 4, List.of("10.0.0.2:53"))));
        Map<String, String> f = fieldsOf(() -> ModelValidator
                .validate(new LoadBalancer("ng", "nginx", "s1", null, "leastconn", List.of("web1:10.0.4.20:9000"), null, 0, null)));
        assertTrue(f.get("mode").contains("not a mode of nginx"), f.toString());
        assertTrue(f.get("backends[0]").contains("not a host name or IP address"), f.toString());
    }

    @Test
    void checksOfPublishedServicesMayTargetOtherHostsButNeverWithCredentials() {
        Problems p = new Problems();
        ModelValidator.check("check", new CheckSpec("minio", "tcp", "10.0.7.10:9000", null, null), true, p);
        ModelValidator.check("check", new CheckSpec("site", "http", "https://mywordpress.org/", null, null), true, p);
        assertTrue(p.isEmpty(), p.list().toString());
        ModelValidator.check("check", new CheckSpec("site", "http", "http://user:pw@evil.org/", null, null), true, p);
        ModelValidator.check("check", new CheckSpec("site", "http", "gopher://x/", null, null), true, p);
        assertEquals(2, p.list().size());
    }

    @Test
    void databasesNeedSafeIdentifiersAndARange() {
        assertDoesNotThrow(() -> ModelValidator
                .validate(new Database("mysql-10", "mysql", "s1", "wordpress", "wordpress", "10.0.4.0/24", "mysql-10")));
        Map<String, String> f = fieldsOf(() -> ModelValidator
                .validate(new Database("m", "oracle", "s1", "wp; DROP", "Wp", "10.0.4.0", "m")));
        assertEquals(java.util.Set.of("kind", "user", "database", "allowedCidr"), f.keySet());
    }

    @Test
    void vipsNeedTwoDistinctNodes() {
        Map<String, String> f = fieldsOf(() -> ModelValidator.validate(new Vip("v", "192.168.122.100", List.of("s1", "s1"))));
        assertEquals("a node is named twice", f.get("nodes"));
        f = fieldsOf(() -> ModelValidator.validate(new Vip("v", "192.168.122.100", List.of("s1"))));
        assertTrue(f.get("nodes").contains("at least two"));
    }
}
