package org.atoll.kernel.internal.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

/** Values that carry their own token and checksum, so a damaged or mixed-up value is detectable. */
final class CrashValues {

    private CrashValues() {
    }

    /** token '|' padding crc32(everything before):int64. The size is chosen by {@code random}. */
    static byte[] make(String token, Random random) {
        int roll = random.nextInt(100);
        int padding;
        if (roll < 85) {
            padding = 10 + random.nextInt(500);
        } else if (roll < 98) {
            padding = 1024 + random.nextInt(31 * 1024);
        } else {
            padding = 100 * 1024 + random.nextInt(500 * 1024);
        }
        byte[] head = (token + "|").getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(head.length + padding + 8);
        out.put(head);
        for (int i = 0; i < padding; i++) {
            out.put((byte) random.nextInt());
        }
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        return out.array();
    }

    /** The token of a value whose checksum holds; throws {@link AssertionError} otherwise. */
    static String token(String key, byte[] value) {
        if (value.length < 9) {
            throw new AssertionError("value of " + key + " too short to be valid: " + value.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(value, 0, value.length - 8);
        long stored = ByteBuffer.wrap(value, value.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new AssertionError("value of " + key + " fails its checksum (" + value.length + " bytes)");
        }
        for (int i = 0; i < value.length - 8; i++) {
            if (value[i] == '|') {
                return new String(value, 0, i, StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("value of " + key + " has no token");
    }
}
