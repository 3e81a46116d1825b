package org.atoll.plugin.etcd.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of the registrations this provider published, each at its interval (at least
 * 1 s) with its timeout, the first run right away. Results go to a {@link Sink}, which decides what
 * to publish; a registration's checks stop when it is deregistered or re-registered with other checks.
 */
final class Checks {

    private static final Logger LOG = LoggerFactory.getLogger(Checks.class);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** Receives each result, on a scheduler thread. */
    interface Sink {
        void result(String registrationId, Probe probe, Probe.Result result);
    }

    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final Sink sink;
    private final HttpClient http;
    private final Map<String, List<ScheduledFuture<?>>> running = new ConcurrentHashMap<>();

    Checks(ScheduledExecutorService scheduler, Executor httpExecutor, Settings settings, Sink sink) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.sink = sink;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(httpExecutor)
                .build();
    }

    /** Replaces the checks of {@code registrationId} by {@code probes}. */
    void start(String registrationId, List<Probe> probes) {
        cancel(registrationId);
        if (probes.isEmpty()) {
            return;
        }
        try {
            running.put(registrationId, probes.stream()
                    .map(p -> scheduler.scheduleWithFixedDelay(() -> run(registrationId, p), 0,
                            interval(p).toMillis(), TimeUnit.MILLISECONDS))
                    .collect(Collectors.toList()));
        } catch (RejectedExecutionException e) {
            LOG.debug("checks of {} not started: shutting down", registrationId);
        }
    }

    void cancel(String registrationId) {
        List<ScheduledFuture<?>> old = running.remove(registrationId);
        if (old != null) {
            old.forEach(f -> f.cancel(false));
        }
    }

    void cancelAll() {
        running.keySet().forEach(this::cancel);
    }

    Duration interval(Probe p) {
        Duration d = p.spec().interval();
        if (d == null || d.isZero() || d.isNegative()) {
            d = settings.checkInterval();
        }
        return d.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : d;
    }

    Duration timeout(Probe p) {
        Duration d = p.spec().timeout();
        return d == null || d.isZero() || d.isNegative() ? settings.checkTimeout() : d;
    }

    private void run(String registrationId, Probe probe) {
        try {
            sink.result(registrationId, probe, probe.run(http, timeout(probe)));
        } catch (RuntimeException e) {
            // one failed run must not cancel the schedule
            LOG.debug("check {} of {} could not run or be published: {}", probe.spec().name(), registrationId,
                    e.getMessage());
        }
    }
}
