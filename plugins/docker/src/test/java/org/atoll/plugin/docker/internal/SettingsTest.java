package org.atoll.plugin.docker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"unix:///var/run/docker.sock", "unix:///tmp/d.sock", "tcp://127.0.0.1:2375",
        "tcp://docker.example:2376", "tcp://[::1]:2375"})
    void acceptsUnixPathsAndTcpHostPorts(String host) {
        assertEquals(List.of(), settings(host).problems());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/var/run/docker.sock", "unix://var/run/docker.sock", "unix://", "unix:///",
        "tcp://127.0.0.1", "tcp://127.0.0.1:0", "tcp://127.0.0.1:70000", "tcp://:2375", "tcp://h:2375/x",
        "http://127.0.0.1:2375", "npipe:////./pipe/docker_engine", "tcp://u@h:2375", "unix:///x?y=1", "not a uri"})
    void refusesEverythingElse(String host) {
        Settings s = settings(host);
        assertFalse(s.valid());
        assertTrue(s.problems().get(0).startsWith("host '" + host + "'"), s.problems().toString());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Settings s = Settings.from(config(Map.of()));
        assertTrue(s.valid(), s.problems().toString());
        assertEquals("unix:///var/run/docker.sock", s.host());
        assertEquals("", s.network());
        assertEquals("unless-stopped", s.restartPolicy());
        assertEquals(Duration.ofSeconds(30), s.operationTimeout());
        assertEquals(Duration.ofSeconds(300), s.pullTimeout());
        assertEquals(Duration.ofSeconds(10), s.stopGrace());
    }

    @Test
    void everyProblemIsNamedAndTheBackendIsDownWithoutThrowing() {
        Settings s = Settings.of("tcp://h", "no spaces allowed", "sometimes", 0, 0, -1);
        assertEquals(6, s.problems().size(), s.problems().toString());
        DockerBackend backend = new DockerBackend("1.0.0", s);
        try {
            ProviderStatus status = backend.status();
            assertEquals(ProviderStatus.State.DOWN, status.state());
            assertTrue(status.message().contains("restart.policy 'sometimes'"), status.message());
            ProviderException e = org.junit.jupiter.api.Assertions.assertThrows(ProviderException.class, backend::list);
            assertTrue(e.retryable() && e.getMessage().contains("invalid configuration"), e.getMessage());
        } finally {
            backend.close();
        }
    }

    @Test
    void aValueTheFrameworkCannotConvertIsAProblemNotAnException() {
        // Felix SCR converts "abc" for an int attribute when the method is called, and throws then.
        Settings s = Settings.from(config(Map.of("operation_timeout_seconds",
                new IllegalArgumentException(new NumberFormatException("For input string: \"abc\"")))));
        assertEquals(List.of("operation.timeout.seconds must be a whole number: For input string: \"abc\""),
                s.problems());
    }

    @Test
    void policiesAndNamesAreTrimmed() {
        Settings s = Settings.of(" unix:///var/run/docker.sock ", " atoll-net ", " Always ", 1, 1, 0);
        assertEquals(List.of(), s.problems());
        assertEquals("always", s.restartPolicy());
        assertEquals("atoll-net", s.network());
    }

    private static Settings settings(String host) {
        return Settings.of(host, "", "unless-stopped", 30, 300, 10);
    }

    /** A DockerConfig as the framework makes it: defaults unless overridden; a Throwable value is thrown. */
    static DockerConfig config(Map<String, Object> values) {
        return (DockerConfig) Proxy.newProxyInstance(DockerConfig.class.getClassLoader(),
                new Class<?>[] {DockerConfig.class}, (proxy, method, args) -> {
                    Object v = values.get(method.getName());
                    if (v instanceof RuntimeException e) {
                        throw e;
                    }
                    return v != null ? v : method.getDefaultValue();
                });
    }
}
