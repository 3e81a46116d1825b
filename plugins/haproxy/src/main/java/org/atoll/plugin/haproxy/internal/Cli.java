package org.atoll.plugin.haproxy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One command on an HAProxy CLI socket (the master's or a worker's stats socket): connect, send the line,
 * close our side (the master CLI answers and closes only then), read until HAProxy closes the connection,
 * all within a deadline.
 */
final class Cli {

    private Cli() {
    }

    static String command(Path socket, String command, Deadline deadline) throws IOException {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0 || command.indexOf(';') >= 0) {
            throw new IllegalArgumentException("one command per call");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.shutdownOutput();
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(16384);
            while (true) {
                long wait = deadline.remaining().toMillis();
                if (wait <= 0) {
                    throw new IOException("no complete answer to '" + command + "' on " + socket + " in time");
                }
                selector.select(wait);
                selector.selectedKeys().clear();
                int n = ch.read(in);
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(in.array(), 0, in.position());
                in.clear();
                if (answer.size() > (16 << 20)) {
                    throw new IOException("answer to '" + command + "' on " + socket + " too large");
                }
            }
        }
    }
}
