package org.atoll.plugin.nginx.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.atoll.api.model.TlsSpec;
import org.atoll.spi.routing.Frontend;

/**
 * A data directory of its own for the real nginx (the test fails, never skips, without it), backends,
 * free ports, and at the end every proxy removed and every backend stopped.
 */
final class Fixture implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("atoll.nginx.binary", Settings.DEFAULT_BINARY));

    private static final Random RANDOM = new Random();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final List<Backend> backends = new ArrayList<>();

    Fixture() {
        assertTrue(Files.isExecutable(BINARY), "no nginx at " + BINARY + ": apt-get install nginx-light");
        try {
            // traversable by nginx's workers, which run as nobody when the tests run as root
            root = Files.createTempDirectory("atoll-nginx-test-");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    NginxRouter router() {
        return router(15);
    }

    NginxRouter router(int timeoutSeconds) {
        return new NginxRouter("0.0.0.test", Settings.of(root.toString(), BINARY.toString(), timeoutSeconds));
    }

    Backend backend(String name) {
        try {
            Backend b = new Backend(name);
            backends.add(b);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path conf(String proxy) {
        return root.resolve(proxy).resolve("nginx.conf");
    }

    byte[] confBytes(String proxy) {
        try {
            return Files.readAllBytes(conf(proxy));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The master's pid, checked to be a live nginx master. */
    long master(String proxy) {
        OptionalLong pid = new Nginx(BINARY).find(new ProxyHome(root, proxy));
        assertTrue(pid.isPresent(), "no nginx master for " + proxy);
        return pid.getAsLong();
    }

    /**
     * A port free on every address now, below Linux's ephemeral range (32768-60999) so that no outgoing
     * connection of this busy host takes it between the test's apply calls; never the same twice per JVM.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20000 + RANDOM.nextInt(12000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    /** A plain frontend on 127.0.0.1 with the default mode. */
    static Frontend site(String name, int port, List<String> hostnames, Backend... servers) {
        return site(name, port, hostnames, null, servers);
    }

    static Frontend site(String name, int port, List<String> hostnames, String mode, Backend... servers) {
        return new Frontend(name, "127.0.0.1", port, hostnames, mode, null,
                Arrays.stream(servers).map(Backend::server).toList(), Map.of());
    }

    static Frontend tlsSite(String name, int port, List<String> hostnames, Path[] certAndKey, Backend... servers) {
        return new Frontend(name, "127.0.0.1", port, hostnames, null,
                new TlsSpec(certAndKey[0].toString(), certAndKey[1].toString(), false),
                Arrays.stream(servers).map(Backend::server).toList(), Map.of());
    }

    @Override
    public void close() {
        NginxRouter router = router();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                router.remove(d.getFileName().toString());
            }
            ProxyHome.deleteTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            backends.forEach(Backend::close);
        }
    }
}
