package org.atoll.plugin.consul.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Registry;
import org.atoll.spi.discovery.Registration;

/** Settings, registrations and deadline-bounded waits shared by the tests. */
final class Fixtures {

    static final String TOKEN = "tok-3f9a1c77-secret-do-not-log";

    private Fixtures() {
    }

    /** Defaults, but a short alive TTL so that expiry and keep-alive show within a test. */
    static Settings settings(int ttlSeconds, String token) {
        return Settings.of(8500, "", token, 2, 10, 2, ttlSeconds, "1m", Settings.DEFAULT_IMAGE);
    }

    static ConsulDiscoveryProvider provider(Settings s, Registry... registries) {
        ConsulDiscoveryProvider p = new ConsulDiscoveryProvider("1.0.0-test", s);
        p.connect(List.of(registries));
        return p;
    }

    static Registration web(String id, int hostPort, CheckSpec... checks) {
        return new Registration(id, "web", "prod", "node-1", "127.0.0.1", hostPort, 80, "tcp", "local/web:1",
                List.of("v1"), List.of(checks));
    }

    static CheckSpec tcp(String name, String target) {
        return new CheckSpec(name, "tcp", target, Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    static CheckSpec http(String name, String url) {
        return new CheckSpec(name, "http", url, Duration.ofSeconds(3), Duration.ofMillis(1500));
    }

    /** A registry whose port nothing listens on: connections are refused at once. */
    static Registry refusing(String name) {
        try (ServerSocket s = new ServerSocket(0)) {
            return new Registry(name, "consul", null, null, "http://127.0.0.1:" + s.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Duration limit, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + limit + ": " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** A ConsulConfig as the framework makes it: defaults unless overridden; a RuntimeException value is thrown. */
    static ConsulConfig config(Map<String, Object> values) {
        return (ConsulConfig) Proxy.newProxyInstance(ConsulConfig.class.getClassLoader(),
                new Class<?>[] {ConsulConfig.class}, (proxy, method, args) -> {
                    Object v = values.get(method.getName());
                    if (v instanceof RuntimeException e) {
                        throw e;
                    }
                    return v != null ? v : method.getDefaultValue();
                });
    }
}
