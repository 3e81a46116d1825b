package org.atoll.plugin.docker.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;
import org.atoll.spi.ProviderException;
import org.atoll.spi.backend.BackendEvent;
import org.atoll.spi.backend.InstanceSpec;
import org.atoll.spi.backend.InstanceState;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;

/** What needs no engine: state, event and failure mapping, image references, spec checks, descriptors. */
class MappingTest {

    @Test
    void statesMapAsDocumented() {
        assertEquals(InstanceState.CREATED, Instances.state("created"));
        assertEquals(InstanceState.RUNNING, Instances.state("running"));
        assertEquals(InstanceState.RUNNING, Instances.state("restarting"));
        assertEquals(InstanceState.EXITED, Instances.state("exited"));
        assertEquals(InstanceState.EXITED, Instances.state("paused"));
        assertEquals(InstanceState.DEAD, Instances.state("dead"));
        assertEquals(InstanceState.DEAD, Instances.state("removing"));
        assertEquals(InstanceState.DEAD, Instances.state(null));
    }

    @Test
    void eventsMapStartDieAndDestroy() {
        long nanos = 1_700_000_000_123_456_789L;
        assertEquals(new BackendEvent(BackendEvent.Type.DIED, "foo-web-1-1",
                Instant.ofEpochSecond(1_700_000_000L, 123_456_789L), 137),
                EventStream.map(event("die", Map.of("atoll.id", "foo-web-1-1", "exitCode", "137")), nanos));
        assertEquals(BackendEvent.Type.STARTED, EventStream.map(event("start", Map.of("atoll.id", "a")), nanos).type());
        assertEquals(BackendEvent.Type.REMOVED, EventStream.map(event("destroy", Map.of("atoll.id", "a")), nanos).type());
        assertNull(EventStream.map(event("kill", Map.of("atoll.id", "a")), nanos));
        assertNull(EventStream.map(event("start", Map.of("name", "not-ours")), nanos));
    }

    @Test
    void failuresAreRetryableOnlyWhenTheyMaySucceedLater() {
        Failures failures = new Failures("unix:///x.sock", new Health("unix:///x.sock", () -> { }));
        ProviderException lost = failures.failure("list", new RuntimeException(new ConnectException("refused")));
        assertTrue(lost.retryable() && lost.getMessage().contains("unix:///x.sock is unreachable"), lost.getMessage());
        ProviderException missing = failures.failure("start", new NotFoundException("{\"message\":\"No such container: c\"}"));
        assertEquals("start failed: No such container: c", missing.getMessage());
        assertTrue(!missing.retryable());
        assertTrue(!failures.failure("create", new ConflictException("{\"message\":\"in use\"}")).retryable());
        assertTrue(failures.failure("start", new InternalServerErrorException("{\"message\":\"port is already allocated\"}"))
                .retryable());
        assertTrue(!failures.failure("start", new InternalServerErrorException(
                "{\"message\":\"exec: \\\"x\\\": executable file not found in $PATH\"}")).retryable());
    }

    @Test
    void imageReferencesSplitIntoRepositoryAndTag() {
        assertArrayEquals(new String[] {"busybox", "latest"}, Images.split("busybox"));
        assertArrayEquals(new String[] {"busybox", "1.36"}, Images.split("busybox:1.36"));
        assertArrayEquals(new String[] {"localhost:5000/a/b", "latest"}, Images.split("localhost:5000/a/b"));
        assertArrayEquals(new String[] {"localhost:5000/a/b", "2"}, Images.split("localhost:5000/a/b:2"));
        assertArrayEquals(new String[] {"a/b", "sha256:abc"}, Images.split("a/b@sha256:abc"));
    }

    @Test
    void specsThatTheEngineWouldMisreadAreRefusedByName() {
        assertRefused(spec("bad name", Map.of(), List.of()), "not a valid container name");
        assertRefused(spec("ok", Map.of("relative", "/data"), List.of()), "absolute paths");
        assertRefused(spec("ok", Map.of(), List.of(new PortSpec(80, 70000, "tcp"))), "outside 1-65535");
        assertRefused(spec("ok", Map.of(), List.of(new PortSpec(80, null, "sctp"))), "not tcp or udp");
    }

    @Test
    void atollLabelsCannotBeOverriddenBySpecLabels() {
        InstanceSpec spec = new InstanceSpec("d-s-1-1", "d", "s", 1, "img", null, Map.of("SECRET", "x"), null, null,
                Resources.NONE, Map.of("atoll.managed", "false", "atoll.id", "other", "atoll.node", "n1"));
        Map<String, String> labels = ContainerSpecs.labels(spec);
        assertEquals("true", labels.get("atoll.managed"));
        assertEquals("d-s-1-1", labels.get("atoll.id"));
        assertEquals("n1", labels.get("atoll.node"));
    }

    @Test
    void bndGeneratesTheComponentAndMetatypeDescriptors() throws IOException {
        String component = resource("OSGI-INF/" + DockerBackend.class.getName() + ".xml");
        assertTrue(component.contains("configuration-policy=\"require\""), component);
        assertTrue(component.contains("configuration-pid=\"org.atoll.backend.docker\""), component);
        assertTrue(component.contains("name=\"atoll.provider\"") && component.contains("value=\"docker\""), component);
        assertTrue(component.contains("<provide interface=\"org.atoll.spi.backend.ContainerBackend\"/>"), component);
        assertTrue(component.contains("init=\"2\""), "constructor injection: " + component);
        String metatype = resource("OSGI-INF/metatype/org.atoll.backend.docker.xml");
        for (String id : List.of("host", "network", "restart.policy", "operation.timeout.seconds",
                "pull.timeout.seconds", "stop.grace.seconds")) {
            assertTrue(metatype.contains("id=\"" + id + "\""), id + " in " + metatype);
        }
    }

    private static void assertRefused(InstanceSpec spec, String why) {
        ProviderException e = org.junit.jupiter.api.Assertions.assertThrows(ProviderException.class,
                () -> ContainerSpecs.validate(spec));
        assertTrue(!e.retryable() && e.getMessage().contains(why), e.getMessage());
    }

    private static InstanceSpec spec(String id, Map<String, String> mounts, List<PortSpec> ports) {
        return new InstanceSpec(id, "d", "s", 1, "img", null, null, ports, mounts, null, null);
    }

    private static Event event(String action, Map<String, String> attributes) {
        return new Event().withAction(action).withEventActor(new EventActor().withAttributes(attributes));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MappingTest.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name + " is generated by bnd");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aListEntryChangesItsKeyOnlyWhenAnInspectionWouldChange() throws Exception {
        String running = "Up 5 seconds (healthy)";
        String key = Containers.listKey(container("running", running, "172.17.0.2", 32768));
        assertEquals(key, Containers.listKey(container("running", "Up About a minute (healthy)", "172.17.0.2", 32768)),
                "time passing is no change");
        assertEquals(key, Containers.listKey(container("running", "Up 3 hours (healthy)", "172.17.0.2", 32768)));
        for (com.github.dockerjava.api.model.Container changed : List.of(
                container("exited", "Exited (0) 2 seconds ago", "", 0),
                container("running", "Up 5 seconds (unhealthy)", "172.17.0.2", 32768),
                container("running", running, "172.17.0.3", 32768),
                container("running", running, "172.17.0.2", 32769))) {
            assertNotEquals(key, Containers.listKey(changed), changed.toString());
        }
        assertNotEquals(Containers.listKey(container("exited", "Exited (0) 2 seconds ago", "", 0)),
                Containers.listKey(container("exited", "Exited (1) 2 seconds ago", "", 0)), "another exit code");
        assertEquals(Containers.listKey(container("exited", "Exited (1) Less than a second ago", "", 0)),
                Containers.listKey(container("exited", "Exited (1) 2 weeks ago", "", 0)));
    }

    private static com.github.dockerjava.api.model.Container container(String state, String status, String ip,
            int publicPort) throws Exception {
        String ports = publicPort == 0 ? "[]"
                : "[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":" + publicPort + ",\"Type\":\"tcp\"}]";
        String json = "{\"Id\":\"abc\",\"State\":\"" + state + "\",\"Status\":\"" + status + "\",\"Ports\":" + ports
                + ",\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"" + ip + "\"}}}}";
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(json, com.github.dockerjava.api.model.Container.class);
    }
}
