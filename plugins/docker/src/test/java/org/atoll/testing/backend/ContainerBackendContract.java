package org.atoll.testing.backend;

import static org.atoll.testing.backend.Waits.await;
import static org.atoll.testing.backend.Waits.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.backend.BackendEvent;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceState;
import org.junit.jupiter.api.Test;

/**
 * The conformance harness every {@link ContainerBackend} must pass, against its real engine: the
 * instance tests of {@link InstanceContract}, plus events, recovery after a kernel restart, and how
 * failures look. A backend's test extends this class and implements the hooks of {@link BackendHarness}.
 */
public abstract class ContainerBackendContract extends InstanceContract {

    @Test
    void eventsReportStartDeathAndRemoval() throws Exception {
        String id = newId();
        Queue<BackendEvent> events = new ConcurrentLinkedQueue<>();
        try (AutoCloseable subscription = backend().subscribe(events::add)) {
            backend().create(spec(id).build());
            backend().start(id);
            await("a STARTED event", DEADLINE, event(events, id, BackendEvent.Type.STARTED));

            killExternally(id);
            BackendEvent died = await("a DIED event", DEADLINE, event(events, id, BackendEvent.Type.DIED));
            assertTrue(died.exitCode() != 0, "killed: a non-zero exit code, not " + died.exitCode());

            backend().remove(id);
            await("a REMOVED event", DEADLINE, event(events, id, BackendEvent.Type.REMOVED));
        }
        // A second subscription is the barrier: once it saw the next start, the closed one would have too.
        int seen = events.size();
        String other = newId();
        Queue<BackendEvent> later = new ConcurrentLinkedQueue<>();
        try (AutoCloseable barrier = backend().subscribe(later::add)) {
            backend().create(spec(other).build());
            backend().start(other);
            await("a STARTED event on a new subscription", DEADLINE, event(later, other, BackendEvent.Type.STARTED));
        }
        assertEquals(seen, events.size(), "no event after the subscription is closed: " + events);
    }

    @Test
    void eventsAreOnlyAboutOwnedInstances() throws Exception {
        String foreign = newId();
        String owned = newId();
        Queue<BackendEvent> events = new ConcurrentLinkedQueue<>();
        try (AutoCloseable subscription = backend().subscribe(events::add)) {
            createForeign(foreign);
            backend().create(spec(owned).build());
            backend().start(owned);
            await("a STARTED event", DEADLINE, event(events, owned, BackendEvent.Type.STARTED));
        }
        assertTrue(events.stream().allMatch(e -> e.instanceId().equals(owned)), events.toString());
    }

    @Test
    void recoverAdoptsRunningInstancesWithoutRestartingThem() {
        String id = newId();
        String stopped = newId();
        backend().create(spec(id).build());
        backend().start(id);
        backend().create(spec(stopped).build());
        BackendInstance before = backend().inspect(id).orElseThrow();
        int count = backend().list().size();

        ContainerBackend restarted = opened(openBackend());
        awaitTrue("the new backend UP", DEADLINE, () -> restarted.status().state() == ProviderStatus.State.UP);
        List<BackendInstance> found = restarted.recover();

        BackendInstance adopted = found.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
        assertEquals(InstanceState.RUNNING, adopted.state());
        assertEquals(before.ref(), adopted.ref());
        assertEquals(before.startedAt(), adopted.startedAt(), "recover must not restart it");
        assertTrue(found.stream().anyMatch(i -> i.id().equals(stopped) && i.state() == InstanceState.CREATED),
                "recover must not start what was not running");
        assertEquals(count, restarted.list().size(), "recover must create nothing");
        assertEquals(before.startedAt(), backend().inspect(id).orElseThrow().startedAt());
    }

    @Test
    void aMissingImageIsNamed() {
        String image = missingImage();
        ProviderException e = assertThrows(ProviderException.class, () -> backend().ensureImage(image));
        assertFalse(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + image + "\""), e.getMessage());

        String id = newId();
        ProviderException c = assertThrows(ProviderException.class,
                () -> backend().create(spec(id).image(image).build()));
        assertTrue(c.getMessage().contains(image), c.getMessage());
        assertEquals(Optional.empty(), backend().inspect(id));
    }

    @Test
    void anUnreachableEngineIsDownAndFailsRetryably() {
        ContainerBackend lost = opened(openUnreachableBackend());
        ProviderStatus down = await("status DOWN", DEADLINE, () -> Optional.of(lost.status())
                .filter(s -> s.state() == ProviderStatus.State.DOWN && !s.message().isBlank()));
        assertFalse(down.message().isBlank());
        for (Runnable call : List.<Runnable>of(
                lost::list,
                () -> lost.inspect("x"),
                () -> lost.create(spec("atoll-unreachable").build()),
                () -> lost.start("atoll-unreachable"),
                () -> lost.stop("atoll-unreachable", Duration.ofSeconds(1)),
                () -> lost.remove("atoll-unreachable"),
                () -> lost.ensureImage(webImage()))) {
            long started = System.nanoTime();
            ProviderException e = assertThrows(ProviderException.class, call::run);
            assertTrue(e.retryable(), e.getMessage());
            assertFalse(e.getMessage().isBlank());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(DEADLINE) < 0, "failed fast");
        }
        assertEquals(ProviderStatus.State.DOWN, lost.status().state());
    }

    private static Supplier<Optional<BackendEvent>> event(Queue<BackendEvent> events, String id,
            BackendEvent.Type type) {
        return () -> events.stream().filter(e -> e.instanceId().equals(id) && e.type() == type).findFirst();
    }
}
