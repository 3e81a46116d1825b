package org.atoll.kernel.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The log generation being appended to. Writer thread only. */
final class LogFile implements Closeable {

    private final long generation;
    private final Path path;
    private final FileChannel channel;
    private long size;

    private LogFile(long generation, Path path, FileChannel channel, long size) {
        this.generation = generation;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Creates a new, empty generation and makes its directory entry durable before it is used. */
    static LogFile create(Path dir, long generation) throws IOException {
        Path path = StoreFiles.log(dir, generation);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            StoreFiles.forceDirectory(dir);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new LogFile(generation, path, channel, 0);
    }

    /** Opens an existing generation whose first {@code validBytes} were verified, cutting off anything after. */
    static LogFile openForAppend(Path path, long generation, long validBytes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        try {
            if (channel.size() > validBytes) {
                channel.truncate(validBytes);
                channel.force(true);
            }
            channel.position(validBytes);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new LogFile(generation, path, channel, validBytes);
    }

    long generation() {
        return generation;
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    void append(ByteBuffer bytes) throws IOException {
        int length = bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        size += length;
    }

    /**
     * Forces appended records to the device. {@code force(false)} is fdatasync on Linux, which
     * also persists the file length an append changed, and avoids a journal commit for mtime.
     */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
