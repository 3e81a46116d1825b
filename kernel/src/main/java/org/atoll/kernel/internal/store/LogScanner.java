package org.atoll.kernel.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a log generation during recovery and decides what damage means.
 *
 * <p>A kill can only tear the last write of the last generation: a crash ends all writing, and a
 * generation is only left behind after it was forced whole. So damage in the last generation with
 * no valid record after it is a torn tail, never acknowledged, and is cut off. Damage followed by a
 * valid record, or any damage in an earlier generation, means acknowledged data was lost to
 * corruption: recovery refuses to open instead of silently dropping it.
 */
final class LogScanner {

    /** Receives each valid record; throws {@link IllegalStateException} if it does not fit the state. */
    interface RecordSink {
        void accept(Mutation mutation);
    }

    /**
     * @param validBytes where the last valid record ends
     * @param records    how many records were read
     * @param tornBytes  how many bytes after {@code validBytes} are a torn tail (0 if none)
     * @param tornReason what was wrong at {@code validBytes}, or null
     */
    record Result(long validBytes, long records, long tornBytes, String tornReason) {
    }

    private static final int SCAN_CHUNK = 1 << 20;

    private LogScanner() {
    }

    static Result scan(Path path, boolean last, RecordSink sink) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            long records = 0;
            ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER);
            while (position < size) {
                String problem;
                Frame frame = null;
                if (size - position < RecordCodec.HEADER) {
                    problem = "incomplete record header";
                } else {
                    readFully(channel, header.clear(), position);
                    frame = Frame.parse(header.flip(), position, size);
                    problem = frame.problem;
                    if (problem == null) {
                        ByteBuffer payload = ByteBuffer.allocate(frame.length);
                        readFully(channel, payload, position + RecordCodec.HEADER);
                        payload.flip();
                        if (RecordCodec.checksum(frame.length, payload) != frame.checksum) {
                            problem = "record checksum mismatch";
                        } else {
                            apply(path, position, payload, sink);
                            records++;
                            position += RecordCodec.HEADER + frame.length;
                            continue;
                        }
                    }
                }
                if (!last) {
                    throw StoreFiles.corrupt(path, position, problem + " in a log generation that was complete");
                }
                long next = findValidFrame(channel, position + 1, size);
                if (next >= 0) {
                    throw StoreFiles.corrupt(path, position, problem + ", yet a valid record follows at offset " + next);
                }
                return new Result(position, records, size - position, problem);
            }
            return new Result(position, records, 0, null);
        }
    }

    private static void apply(Path path, long position, ByteBuffer payload, RecordSink sink) {
        Mutation mutation;
        try {
            mutation = RecordCodec.decode(payload);
        } catch (RecordCodec.MalformedRecordException e) {
            throw StoreFiles.corrupt(path, position, "record has a valid checksum but cannot be read: " + e.getMessage());
        }
        try {
            sink.accept(mutation);
        } catch (IllegalStateException e) {
            throw StoreFiles.corrupt(path, position, "record does not fit the state before it: " + e.getMessage());
        }
    }

    /** The offset of the first whole, checksummed frame at or after {@code from}, or -1. */
    private static long findValidFrame(FileChannel channel, long from, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK);
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER);
        for (long base = from; base + RecordCodec.HEADER <= size; base += SCAN_CHUNK - 3) {
            chunk.clear();
            chunk.limit((int) Math.min(SCAN_CHUNK, size - base));
            readFully(channel, chunk, base);
            for (int i = 0; i + 4 <= chunk.limit(); i++) {
                if (chunk.getInt(i) != RecordCodec.MAGIC) {
                    continue;
                }
                long candidate = base + i;
                if (size - candidate < RecordCodec.HEADER) {
                    return -1;
                }
                readFully(channel, header.clear(), candidate);
                Frame frame = Frame.parse(header.flip(), candidate, size);
                if (frame.problem == null) {
                    ByteBuffer payload = ByteBuffer.allocate(frame.length);
                    readFully(channel, payload, candidate + RecordCodec.HEADER);
                    if (RecordCodec.checksum(frame.length, payload.flip()) == frame.checksum) {
                        return candidate;
                    }
                }
            }
            if (base + chunk.limit() >= size) {
                break;
            }
        }
        return -1;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
    }

    /** A parsed frame header. */
    private static final class Frame {
        final int length;
        final int checksum;
        final String problem;

        private Frame(int length, int checksum, String problem) {
            this.length = length;
            this.checksum = checksum;
            this.problem = problem;
        }

        static Frame parse(ByteBuffer header, long position, long fileSize) {
            int magic = header.getInt();
            int length = header.getInt();
            int checksum = header.getInt();
            if (magic != RecordCodec.MAGIC) {
                return new Frame(0, 0, "no record marker");
            }
            if (length <= 0 || length > RecordCodec.MAX_PAYLOAD) {
                return new Frame(0, 0, "impossible record length " + length);
            }
            if (position + RecordCodec.HEADER + length > fileSize) {
                return new Frame(length, checksum, "record extends past the end of the file");
            }
            return new Frame(length, checksum, null);
        }
    }
}
