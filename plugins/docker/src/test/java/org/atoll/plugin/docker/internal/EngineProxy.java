package org.atoll.plugin.docker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP front for the engine's unix socket that a test can take away and bring back, to break the
 * backend's connections (its event stream above all) the way a restarting engine does.
 */
final class EngineProxy implements AutoCloseable {

    private final String socketPath;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile int port;

    EngineProxy(String unixHost) {
        this.socketPath = unixHost.substring("unix://".length());
    }

    /** Listens on a loopback port (the same one again after {@link #stop()}). */
    synchronized void start() throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        port = server.getLocalPort();
        ServerSocket listening = server;
        Thread accept = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                    engine.connect(UnixDomainSocketAddress.of(socketPath));
                    open.add(client);
                    open.add(engine);
                    pump(client.getInputStream(), engine);
                    pump(engine, client.getOutputStream());
                } catch (IOException e) {
                    return;
                }
            }
        }, "engine-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    String host() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Closes the listener and every connection: the engine is gone until {@link #start()}. */
    synchronized void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
        open.clear();
    }

    @Override
    public void close() {
        stop();
    }

    // Channels.newInputStream/newOutputStream on one channel share a lock: a blocked read would
    // stall every write. So the engine side is read and written through the channel itself.
    private static void pump(InputStream from, SocketChannel to) {
        daemon(() -> {
            byte[] buffer = new byte[8192];
            for (int n; (n = from.read(buffer)) >= 0; ) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    to.write(b);
                }
            }
            to.shutdownOutput();
        });
    }

    private static void pump(SocketChannel from, OutputStream to) {
        daemon(() -> {
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (from.read(b) >= 0) {
                to.write(b.array(), 0, b.position());
                to.flush();
                b.clear();
            }
            to.close();
        });
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void daemon(Pump pump) {
        Thread t = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException e) {
                // one side closed
            }
        }, "engine-proxy-pump");
        t.setDaemon(true);
        t.start();
    }
}
