package org.atoll.testing.backend;

import static org.atoll.testing.backend.Waits.await;
import static org.atoll.testing.backend.Waits.awaitTrue;
import static org.atoll.testing.backend.Waits.httpGet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.atoll.api.model.Resources;
import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance half of {@link ContainerBackendContract}: lifecycle, idempotence, ownership, and what
 * reaches the process (labels, environment, command, ports, mounts, limits). It tests
 * the SPI's contract only: anything engine-specific goes through the hooks of {@link BackendHarness}.
 */
public abstract class InstanceContract extends BackendHarness {

    @Test
    void identifiesItselfAndComesUp() {
        assertFalse(backend().info().name().isBlank());
        assertTrue(backend().capabilities().containsAll(Set.of(ContainerBackend.CAP_PORTS,
                ContainerBackend.CAP_VOLUMES, ContainerBackend.CAP_RESOURCE_LIMITS, ContainerBackend.CAP_EVENTS)));
        awaitTrue("status UP", DEADLINE, () -> backend().status().state() == ProviderStatus.State.UP);
    }

    @Test
    void runsAnInstanceThroughItsLifecycle() {
        String id = newId();
        backend().ensureImage(webImage());
        BackendInstance created = backend().create(spec(id).build());
        assertEquals(id, created.id());
        assertEquals(InstanceState.CREATED, created.state());
        assertEquals(NODE, created.node());
        assertNotNull(created.ref());

        backend().start(id);
        BackendInstance running = backend().inspect(id).orElseThrow();
        assertEquals(InstanceState.RUNNING, running.state());
        assertNotNull(running.startedAt());
        assertNotNull(running.address(), "a running instance has an address");
        assertTrue(backend().list().stream().anyMatch(i -> i.id().equals(id) && i.state().running()));

        backend().stop(id, Duration.ofSeconds(5));
        assertEquals(InstanceState.EXITED, backend().inspect(id).orElseThrow().state());
        assertTrue(backend().list().stream().anyMatch(i -> i.id().equals(id) && i.state() == InstanceState.EXITED));

        backend().remove(id);
        assertEquals(Optional.empty(), backend().inspect(id));
        assertTrue(backend().list().stream().noneMatch(i -> i.id().equals(id)));
    }

    @Test
    void everyOperationMayBeRepeated() {
        String id = newId();
        backend().ensureImage(webImage());
        backend().ensureImage(webImage());
        String ref = backend().create(spec(id).build()).ref();
        assertEquals(ref, backend().create(spec(id).build()).ref());
        backend().start(id);
        backend().start(id);
        assertTrue(backend().inspect(id).orElseThrow().state().running());
        backend().stop(id, Duration.ofSeconds(2));
        backend().stop(id, Duration.ofSeconds(2));
        backend().remove(id);
        backend().remove(id);
        backend().stop(id, Duration.ofSeconds(2));
        assertEquals(Optional.empty(), backend().inspect(id));
        ProviderException e = assertThrows(ProviderException.class, () -> backend().start(id));
        assertFalse(e.retryable(), "starting an instance that does not exist cannot succeed later");
    }

    @Test
    void createOfAnExistingIdReturnsItUnchanged() {
        String id = newId();
        backend().ensureImage(webImage());
        BackendInstance first = backend().create(spec(id).env("V", "1").build());
        backend().start(id);
        BackendInstance running = backend().inspect(id).orElseThrow();

        BackendInstance again = backend().create(spec(id).env("V", "2").cmd("sh", "-c", "exit 1").build());
        assertEquals(first.ref(), again.ref());
        assertEquals(InstanceState.RUNNING, again.state(), "create must not restart or replace it");
        assertEquals(running.startedAt(), again.startedAt());
    }

    @Test
    void aForeignContainerWithTheSameNameIsRefusedAndLeftAlone() {
        String id = newId();
        createForeign(id);
        String before = foreignState(id).orElseThrow();

        ProviderException e = assertThrows(ProviderException.class, () -> backend().create(spec(id).build()));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains(id), e.getMessage());
        assertThrows(ProviderException.class, () -> backend().start(id));
        assertThrows(ProviderException.class, () -> backend().stop(id, Duration.ofSeconds(1)));
        assertThrows(ProviderException.class, () -> backend().remove(id));
        assertEquals(Optional.empty(), backend().inspect(id));
        assertTrue(backend().list().stream().noneMatch(i -> i.id().equals(id)));

        assertEquals(Optional.of(before), foreignState(id), "the foreign container must be untouched");
    }

    @Test
    void labelsIdentifyTheInstance() {
        String id = newId();
        backend().create(spec(id).label("team", "blue").build());
        Map<String, String> labels = labelsOf(id);
        assertEquals(id, labels.get("atoll.id"));
        assertEquals("contract", labels.get("atoll.deployment"));
        assertEquals("web", labels.get("atoll.service"));
        assertEquals("3", labels.get("atoll.version"));
        assertEquals(NODE, labels.get("atoll.node"));
        assertEquals("true", labels.get("atoll.managed"));
        assertEquals("blue", labels.get("team"));
    }

    @Test
    void environmentAndCommandReachTheProcess() {
        String id = newId();
        int port = freePort();
        backend().create(spec(id).port(80, port)
                .env("GREETING", "hello world").env("EMPTY", "")
                .cmd("sh", "-c", "echo \"$GREETING|$EMPTY|$0|$1\" > /www/env.txt && exec httpd -f -p 80 -h /www",
                        "first-arg", "second-arg")
                .build());
        backend().start(id);
        assertEquals("hello world||first-arg|second-arg\n", httpGet(port, "/env.txt", DEADLINE));
    }

    @Test
    void aPublishedPortAnswers() {
        String id = newId();
        int port = freePort();
        backend().create(spec(id).port(80, port).build());
        backend().start(id);
        assertEquals("atoll test page\n", httpGet(port, "/", DEADLINE));
        assertEquals(Map.of(80, port), backend().inspect(id).orElseThrow().ports());
    }

    @Test
    void aHostPortChosenByTheEngineIsReported() {
        String id = newId();
        backend().create(spec(id).port(80, null).build());
        backend().start(id);
        Integer port = await("a published host port", DEADLINE,
                () -> Optional.ofNullable(backend().inspect(id).orElseThrow().ports().get(80)));
        assertTrue(port > 0);
        assertEquals("atoll test page\n", httpGet(port, "/", DEADLINE));
        assertTrue(backend().list().stream().anyMatch(i -> i.id().equals(id) && port.equals(i.ports().get(80))));
    }

    @Test
    void aBindMountIsVisibleBothWays(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("from-host.txt"), "written on the host\n");
        String id = newId();
        int port = freePort();
        backend().create(spec(id).port(80, port).mount(dir.toString(), "/srv/data")
                .cmd("sh", "-c", "echo written in the container > /srv/data/from-container.txt"
                        + " && exec httpd -f -p 80 -h /srv/data")
                .build());
        backend().start(id);
        assertEquals("written on the host\n", httpGet(port, "/from-host.txt", DEADLINE));
        Path back = dir.resolve("from-container.txt");
        awaitTrue("the container's file on the host", DEADLINE, () -> Files.exists(back));
        assertEquals("written in the container\n", Files.readString(back, StandardCharsets.UTF_8));
    }

    @Test
    void resourceLimitsAreApplied() {
        String id = newId();
        backend().create(spec(id).resources(500, 64).build());
        assertEquals(new Resources(500, 64), appliedLimits(id));
        String unlimited = newId();
        backend().create(spec(unlimited).build());
        assertEquals(Resources.NONE, appliedLimits(unlimited));
    }

    @Test
    void stopKillsAfterTheGrace() {
        String id = newId();
        // PID 1 ignores SIGTERM unless it handles it: only the kill after the grace ends it.
        backend().create(spec(id).cmd("sh", "-c", "trap '' TERM; while true; do sleep 1; done").build());
        backend().start(id);
        long started = System.nanoTime();
        backend().stop(id, Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(InstanceState.EXITED, backend().inspect(id).orElseThrow().state());
        assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0 && took.compareTo(Duration.ofSeconds(10)) < 0,
                "stop took " + took);
    }
}
