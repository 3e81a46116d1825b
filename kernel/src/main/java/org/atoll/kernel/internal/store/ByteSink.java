package org.atoll.kernel.internal.store;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable big-endian byte buffer that the writer reuses for each batch. */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    /** Drops everything after {@code position}. */
    void truncate(int position) {
        size = position;
    }

    /** Releases memory after an unusually large batch. */
    void shrinkTo(int capacity) {
        if (bytes.length > capacity) {
            bytes = new byte[capacity];
            size = 0;
        }
    }

    void putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void putInt(int v) {
        ensure(4);
        setInt(size, v);
        size += 4;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    void putBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** Writes a length-prefixed byte string. */
    void putBlob(byte[] b) {
        putInt(b.length);
        putBytes(b);
    }

    void setInt(int position, int v) {
        bytes[position] = (byte) (v >>> 24);
        bytes[position + 1] = (byte) (v >>> 16);
        bytes[position + 2] = (byte) (v >>> 8);
        bytes[position + 3] = (byte) v;
    }

    byte[] array() {
        return bytes;
    }

    ByteBuffer asBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("batch too large");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, bytes.length * 2L)));
        }
    }
}
