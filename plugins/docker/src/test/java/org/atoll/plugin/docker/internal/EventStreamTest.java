package org.atoll.plugin.docker.internal;

import static org.atoll.testing.backend.Waits.await;
import static org.atoll.testing.backend.Waits.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.atoll.spi.ProviderStatus;
import org.atoll.spi.backend.BackendEvent;
import org.atoll.spi.backend.InstanceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event stream survives the engine going away: it reconnects and replays what it missed. */
class EventStreamTest {

    @RegisterExtension
    static final DockerEngine ENGINE = new DockerEngine();

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void reconnectsAfterTheEngineComesBackAndDeliversWhatHappenedMeanwhile() throws Exception {
        String id = "atoll-eventstream-" + Long.toHexString(System.nanoTime());
        Queue<BackendEvent> events = new ConcurrentLinkedQueue<>();
        try (EngineProxy proxy = new EngineProxy(DockerEngine.HOST)) {
            proxy.start();
            DockerBackend backend = new DockerBackend("test", DockerBackendTest.settings(proxy.host()));
            try (AutoCloseable subscription = backend.subscribe(events::add)) {
                backend.create(new InstanceSpec(id, "events", "web", 1, DockerEngine.WEB_IMAGE, null, null, null,
                        null, null, Map.of(DockerEngine.TEST_LABEL, "true")));
                backend.start(id);
                await("STARTED", DEADLINE, find(events, id, BackendEvent.Type.STARTED));

                proxy.stop();
                awaitTrue("status DOWN while the engine is away", DEADLINE,
                        () -> backend.status().state() == ProviderStatus.State.DOWN);
                ENGINE.client().killContainerCmd(id).exec(); // happens while the stream is down

                proxy.start();
                BackendEvent died = await("the DIED event from the outage", DEADLINE,
                        find(events, id, BackendEvent.Type.DIED));
                assertEquals(137, died.exitCode());
                awaitTrue("status UP again", DEADLINE, () -> backend.status().state() == ProviderStatus.State.UP);
                assertEquals(1, events.stream().filter(e -> e.type() == BackendEvent.Type.STARTED).count(),
                        "no event delivered twice: " + events);
            } finally {
                backend.close();
            }
        }
        assertEquals(List.of(BackendEvent.Type.STARTED, BackendEvent.Type.DIED),
                events.stream().map(BackendEvent::type).toList());
    }

    private static java.util.function.Supplier<Optional<BackendEvent>> find(Queue<BackendEvent> events, String id,
            BackendEvent.Type type) {
        return () -> events.stream().filter(e -> e.instanceId().equals(id) && e.type() == type).findFirst();
    }
}
