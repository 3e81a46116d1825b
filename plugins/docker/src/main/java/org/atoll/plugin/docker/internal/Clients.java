package org.atoll.plugin.docker.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/**
 * The engine connections. docker-java bounds a call only by the response timeout of its HTTP client,
 * so there is one client per bound: {@link #ops()} for ordinary calls, {@link #streams()} (no bound)
 * for event streams and pulls, which are bounded by their callers, and {@link #within} for calls the
 * engine itself keeps open for a while (a stop waits for the grace period).
 */
final class Clients implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 16;
    private static final int MAX_BOUNDED_CLIENTS = 8;

    private final DockerClientConfig config;
    private final Duration operationTimeout;
    private final DockerClient ops;
    private final DockerClient streams;
    private final ConcurrentMap<Duration, DockerClient> bounded = new ConcurrentHashMap<>();

    Clients(Settings settings) {
        // The user's Docker configuration supplies registry credentials; the host and TLS are ours.
        this.config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.host())
                .withDockerTlsVerify(false)
                .build();
        this.operationTimeout = settings.operationTimeout();
        this.ops = client(operationTimeout);
        this.streams = client(null);
    }

    DockerClient ops() {
        return ops;
    }

    DockerClient streams() {
        return streams;
    }

    /** A client whose calls may take {@code extra} longer than an ordinary operation. */
    DockerClient within(Duration extra) {
        Duration bound = operationTimeout.plus(extra);
        if (bound.equals(operationTimeout)) {
            return ops;
        }
        if (bounded.size() >= MAX_BOUNDED_CLIENTS && !bounded.containsKey(bound)) {
            return streams;
        }
        return bounded.computeIfAbsent(bound, this::client);
    }

    private DockerClient client(Duration responseTimeout) {
        var http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(null)
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(operationTimeout)
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Override
    public void close() {
        quietly(ops);
        quietly(streams);
        bounded.values().forEach(Clients::quietly);
        bounded.clear();
    }

    private static void quietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // closing a pool of sockets; nothing to report
        }
    }
}
