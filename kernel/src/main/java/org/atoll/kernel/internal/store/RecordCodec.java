package org.atoll.kernel.internal.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The log record format.
 *
 * <pre>
 * frame   = magic:int32 length:int32 crc:int32 payload[length]      (big-endian)
 * crc     = CRC32C over the 4 length bytes followed by the payload
 * payload = format:int8(=1) revision:int64 count:int32 change*
 * change  = 1 key:blob create:int64 mod:int64 version:int64 lease:int64 value:blob   (upsert)
 *         | 2 key:blob                                                             (remove)
 *         | 3 id:int64 ttlMillis:int64                                             (lease grant)
 *         | 4 id:int64                                                             (lease revoke)
 * blob    = length:int32 bytes[length]
 * </pre>
 *
 * The checksum covers the length so that a damaged length is caught instead of making the reader
 * skip to a wrong place; the magic lets recovery tell a torn tail (nothing valid after the damage)
 * from corruption in the middle (a valid frame further on) without checksumming every offset.
 */
final class RecordCodec {

    static final int MAGIC = 0x41544C57; // "ATLW"
    static final int HEADER = 12;
    /** Largest payload written or accepted; a larger length field is treated as damage. */
    static final int MAX_PAYLOAD = 256 * 1024 * 1024;

    private static final byte FORMAT = 1;
    private static final byte UPSERT = 1;
    private static final byte REMOVE = 2;
    private static final byte GRANT = 3;
    private static final byte REVOKE = 4;

    /** A record that passed its checksum but cannot be decoded. */
    static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecordException(String message) {
            super(message);
        }
    }

    private RecordCodec() {
    }

    /** Appends one framed record; on failure nothing is appended. */
    static void appendFrame(ByteSink sink, Mutation m) {
        int start = sink.size();
        sink.putInt(MAGIC);
        sink.putInt(0);
        sink.putInt(0);
        sink.putByte(FORMAT);
        sink.putLong(m.revision());
        sink.putInt(m.changes().size());
        for (Mutation.Change change : m.changes()) {
            if (change instanceof Mutation.Upsert u) {
                sink.putByte(UPSERT);
                sink.putBlob(u.key().getBytes(StandardCharsets.UTF_8));
                Entry e = u.entry();
                sink.putLong(e.createRevision());
                sink.putLong(e.modRevision());
                sink.putLong(e.version());
                sink.putLong(e.lease());
                sink.putBlob(e.value());
            } else if (change instanceof Mutation.Remove r) {
                sink.putByte(REMOVE);
                sink.putBlob(r.key().getBytes(StandardCharsets.UTF_8));
            } else if (change instanceof Mutation.LeaseGrant g) {
                sink.putByte(GRANT);
                sink.putLong(g.id());
                sink.putLong(g.ttlMillis());
            } else if (change instanceof Mutation.LeaseRevoke r) {
                sink.putByte(REVOKE);
                sink.putLong(r.id());
            }
            if (sink.size() - start - HEADER > MAX_PAYLOAD) {
                sink.truncate(start);
                throw new IllegalArgumentException("transaction too large: its record exceeds " + MAX_PAYLOAD + " bytes");
            }
        }
        int length = sink.size() - start - HEADER;
        sink.setInt(start + 4, length);
        CRC32C crc = new CRC32C();
        crc.update(sink.array(), start + 4, 4);
        crc.update(sink.array(), start + HEADER, length);
        sink.setInt(start + 8, (int) crc.getValue());
    }

    /** The checksum a frame with this length and payload must carry. */
    static int checksum(int length, ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }

    static Mutation decode(ByteBuffer payload) throws MalformedRecordException {
        try {
            byte format = payload.get();
            if (format != FORMAT) {
                throw new MalformedRecordException("unknown record format " + format);
            }
            long revision = payload.getLong();
            int count = payload.getInt();
            if (count < 0 || count > payload.remaining()) {
                throw new MalformedRecordException("bad change count " + count);
            }
            List<Mutation.Change> changes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte kind = payload.get();
                switch (kind) {
                    case UPSERT -> {
                        String key = key(payload);
                        long create = payload.getLong();
                        long mod = payload.getLong();
                        long version = payload.getLong();
                        long lease = payload.getLong();
                        byte[] value = blob(payload, Keys.MAX_VALUE_BYTES);
                        changes.add(new Mutation.Upsert(key, new Entry(value, create, mod, version, lease)));
                    }
                    case REMOVE -> changes.add(new Mutation.Remove(key(payload)));
                    case GRANT -> changes.add(new Mutation.LeaseGrant(payload.getLong(), payload.getLong()));
                    case REVOKE -> changes.add(new Mutation.LeaseRevoke(payload.getLong()));
                    default -> throw new MalformedRecordException("unknown change kind " + kind);
                }
            }
            if (payload.hasRemaining()) {
                throw new MalformedRecordException(payload.remaining() + " unexpected trailing bytes");
            }
            return new Mutation(revision, changes);
        } catch (BufferUnderflowException e) {
            throw new MalformedRecordException("record ends early");
        }
    }

    private static String key(ByteBuffer in) throws MalformedRecordException {
        byte[] bytes = blob(in, Keys.MAX_KEY_BYTES);
        if (bytes.length == 0) {
            throw new MalformedRecordException("empty key");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] blob(ByteBuffer in, int max) throws MalformedRecordException {
        int length = in.getInt();
        if (length < 0 || length > max || length > in.remaining()) {
            throw new MalformedRecordException("bad length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
