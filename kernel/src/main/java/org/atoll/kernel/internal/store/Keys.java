package org.atoll.kernel.internal.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Validation and encoding of keys and values.
 *
 * <p>Keys are stored as UTF-8. A string with an unpaired surrogate would be silently replaced by
 * {@code ?} when encoded and come back as a different key after a restart, so such keys are
 * rejected up front rather than corrupted on disk.
 */
final class Keys {

    /** Longest key accepted, in UTF-8 bytes. Also bounds what a decoder will allocate. */
    static final int MAX_KEY_BYTES = 64 * 1024;
    /** Largest value accepted. Also bounds what a decoder will allocate. */
    static final int MAX_VALUE_BYTES = 32 * 1024 * 1024;

    private Keys() {
    }

    /** Checks {@code key} and returns its UTF-8 bytes; throws {@link IllegalArgumentException} naming it. */
    static byte[] encode(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("key '" + printable(key) + "' contains NUL");
        }
        byte[] bytes = utf8(key, "key");
        if (bytes.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key '" + printable(key).substring(0, 64) + "...' is longer than "
                    + MAX_KEY_BYTES + " bytes");
        }
        return bytes;
    }

    /** Checks a prefix for list, watch or DeletePrefix: any valid key text, possibly empty. */
    static void checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null");
        }
        if (prefix.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("prefix '" + printable(prefix) + "' contains NUL");
        }
        utf8(prefix, "prefix");
    }

    static void checkValue(String key, int length) {
        if (length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value of key '" + key + "' is " + length + " bytes; the limit is "
                    + MAX_VALUE_BYTES);
        }
    }

    private static byte[] utf8(String text, String what) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer buffer = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " '" + printable(text) + "' is not valid Unicode", e);
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
