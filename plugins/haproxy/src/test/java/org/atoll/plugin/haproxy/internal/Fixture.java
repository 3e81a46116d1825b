package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.TlsSpec;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;

/**
 * A data directory under /tmp (short enough for the sockets to live in it), a router on it, backends,
 * and clean-up: every proxy is removed and every backend stopped. Fails (never skips) without haproxy.
 */
final class Fixture implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("atoll.haproxy.binary", "/usr/sbin/haproxy"));

    final Path root;
    final HaproxyRouter router;
    private final List<Backend> backends = new ArrayList<>();

    Fixture() throws IOException {
        this(Files.createTempDirectory(Path.of("/tmp"), "ahx"));
    }

    Fixture(Path root) {
        assertTrue(Files.isExecutable(BINARY), "haproxy is required at " + BINARY + " (apt-get install haproxy)");
        this.root = root;
        this.router = newRouter();
    }

    /** Another router instance on the same data directory, as after a restart. */
    HaproxyRouter newRouter() {
        return new HaproxyRouter("test", Settings.of(root.toString(), BINARY.toString(), 20));
    }

    Backend backend(String name) throws IOException {
        Backend b = new Backend(name);
        backends.add(b);
        return b;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static Frontend site(String name, int port, List<String> hosts, Backend... servers) {
        return site(name, port, hosts, null, servers);
    }

    static Frontend site(String name, int port, List<String> hosts, String mode, Backend... servers) {
        List<BackendServer> list = new ArrayList<>();
        for (Backend b : servers) {
            list.add(b.server());
        }
        return new Frontend(name, "127.0.0.1", port, hosts, mode, null, list, Map.of());
    }

    static Frontend tls(Frontend f, Path cert, Path key) {
        return new Frontend(f.name(), f.address(), f.port(), f.hostnames(), f.mode(),
                new TlsSpec(cert.toString(), key.toString(), false), f.backends(), f.auth());
    }

    static RoutingTable table(Frontend... frontends) {
        return new RoutingTable(List.of(frontends));
    }

    Path dir(String proxy) {
        return root.resolve(proxy);
    }

    byte[] config(String proxy) throws IOException {
        return Files.readAllBytes(dir(proxy).resolve("haproxy.cfg"));
    }

    long masterPid(String proxy) throws IOException {
        return Long.parseLong(Files.readString(dir(proxy).resolve("haproxy.pid")).strip());
    }

    /** The master's workers of the current generation, from show proc, read by the test itself. */
    List<Long> currentWorkers(String proxy) throws IOException {
        return workers(proxy, true);
    }

    /** Every worker show proc lists, of any generation. */
    List<Long> allWorkers(String proxy) throws IOException {
        return workers(proxy, false);
    }

    private List<Long> workers(String proxy, boolean currentOnly) throws IOException {
        List<Long> pids = new ArrayList<>();
        boolean workers = false;
        for (String line : cli(dir(proxy).resolve("master.sock"), "show proc").lines().toList()) {
            if (line.startsWith("#")) {
                workers = line.startsWith("# workers") || !currentOnly && line.startsWith("# old workers");
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (workers && f.length > 2 && f[1].equals("worker") && (f[2].equals("0") || !currentOnly)) {
                pids.add(Long.parseLong(f[0]));
            }
        }
        return pids;
    }

    static String cli(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.shutdownOutput();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        if (Boolean.getBoolean("atoll.test.keep")) {
            backends.forEach(Backend::close);
            return;
        }
        try {
            for (String p : router.proxies()) {
                router.remove(p);
            }
        } finally {
            backends.forEach(Backend::close);
            ProxyHome.deleteTree(root);
        }
    }
}
