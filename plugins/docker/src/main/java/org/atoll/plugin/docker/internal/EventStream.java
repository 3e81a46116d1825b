package org.atoll.plugin.docker.internal;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.backend.BackendEvent;
import org.atoll.spi.backend.BackendEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;

/**
 * One subscription to the engine's container events for owned instances. When the stream breaks it
 * reconnects with exponential backoff and resumes from the last event it delivered, so an engine
 * restart loses nothing the engine still remembers. Events are delivered on docker-java's stream
 * thread; the listener must not block (the SPI says so) and its exceptions are logged, not thrown.
 */
final class EventStream implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final Clients clients;
    private final Failures failures;
    private final BackendEventListener listener;
    private final Object lock = new Object();
    private Connection current;
    private Duration backoff = FIRST_BACKOFF;
    private boolean closed;
    private boolean reconnectPending;
    /** Resume point: the time (ns since the epoch) of the last delivered event, or of the subscription. */
    private volatile long lastNanos;

    EventStream(Clients clients, Failures failures, BackendEventListener listener) {
        this.clients = clients;
        this.failures = failures;
        this.listener = listener;
        Instant now = Instant.now();
        this.lastNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    void open() {
        connect();
    }

    /** Reconnects now unless connected (a recover() after the kernel restarted). */
    void ensureConnected() {
        synchronized (lock) {
            backoff = FIRST_BACKOFF;
        }
        connect();
    }

    @Override
    public void close() {
        Connection c;
        synchronized (lock) {
            closed = true;
            c = current;
            current = null;
        }
        if (c != null) {
            c.close();
        }
    }

    /** Opens a stream unless one is open: a scheduled reconnect and a recover() may race. */
    private void connect() {
        Connection c;
        synchronized (lock) {
            if (closed || (current != null && current.alive)) {
                return;
            }
            reconnectPending = false;
            c = new Connection();
            current = c;
        }
        try {
            // "since" is in whole seconds: events of that second may come again and are skipped by time.
            clients.streams().eventsCmd()
                    .withEventTypeFilter(EventType.CONTAINER)
                    .withEventFilter("start", "die", "destroy")
                    .withLabelFilter(Labels.MANAGED_FILTER)
                    .withSince(Long.toString(lastNanos / 1_000_000_000L))
                    .exec(c);
        } catch (RuntimeException e) {
            c.onError(e);
        }
    }

    private void broken(Connection c, Throwable cause) {
        Duration delay;
        synchronized (lock) {
            if (closed || c != current || reconnectPending) {
                return;
            }
            reconnectPending = true;
            delay = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        if (cause != null) {
            failures.failure("the event stream", cause); // marks the engine down when it is unreachable
            LOG.debug("Docker event stream broke; reconnecting in {} ms", delay.toMillis(), cause);
        }
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(this::connect);
    }

    private void deliver(Event event) {
        Long nanos = event.getTimeNano();
        long at = nanos != null ? nanos : (event.getTime() == null ? 0 : event.getTime() * 1_000_000_000L);
        if (at != 0 && at <= lastNanos) {
            return; // seen before a reconnect
        }
        BackendEvent mapped = map(event, at);
        if (at != 0) {
            lastNanos = at;
        }
        if (mapped == null) {
            return;
        }
        try {
            listener.onEvent(mapped);
        } catch (RuntimeException e) {
            LOG.warn("A backend event listener failed on {}", mapped, e);
        }
    }

    static BackendEvent map(Event event, long nanos) {
        Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
        String id = attributes == null ? null : attributes.get(Labels.ID);
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        if (id == null || action == null) {
            return null;
        }
        Instant at = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        switch (action) {
            case "start":
                return new BackendEvent(BackendEvent.Type.STARTED, id, at, 0);
            case "die":
                return new BackendEvent(BackendEvent.Type.DIED, id, at, exitCode(attributes.get("exitCode")));
            case "destroy":
                return new BackendEvent(BackendEvent.Type.REMOVED, id, at, 0);
            default:
                return null;
        }
    }

    private static int exitCode(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One HTTP stream; a new one replaces it on every reconnect. */
    private final class Connection implements ResultCallback<Event> {
        private volatile Closeable stream;
        private volatile boolean alive = true;

        @Override
        public void onStart(Closeable closeable) {
            stream = closeable;
            if (!alive) {
                quietly(closeable);
                return;
            }
            synchronized (lock) {
                if (current == this) {
                    backoff = FIRST_BACKOFF;
                }
            }
            failures.reachable();
        }

        @Override
        public void onNext(Event event) {
            if (alive && event != null) {
                deliver(event);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (alive) {
                alive = false;
                broken(this, throwable);
            }
        }

        @Override
        public void onComplete() {
            if (alive) {
                alive = false;
                broken(this, null);
            }
        }

        @Override
        public void close() {
            alive = false;
            Closeable s = stream;
            if (s != null) {
                quietly(s);
            }
        }
    }

    private static void quietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // the stream is going away either way
        }
    }
}
