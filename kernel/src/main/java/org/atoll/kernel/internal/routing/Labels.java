package org.atoll.kernel.internal.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Turns host names and registration ids into the DNS labels routers accept as frontend and server names. */
final class Labels {

    private Labels() {
    }

    /**
     * A DNS label for {@code raw}: itself when it is one, else a readable form with a short digest of
     * the original, so that two different values never share a label.
     */
    static String of(String prefix, String raw) {
        String candidate = prefix + raw;
        if (candidate.matches("[a-z]([a-z0-9-]{0,61}[a-z0-9])?")) {
            return candidate;
        }
        String readable = candidate.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (readable.isEmpty() || !Character.isLetter(readable.charAt(0))) {
            readable = "x-" + readable;
        }
        if (readable.length() > 45) {
            readable = readable.substring(0, 45).replaceAll("-+$", "");
        }
        return readable + "-" + digest(raw, 8);
    }

    /** The first {@code hexDigits} hex digits of the SHA-256 of {@code value}. */
    static String digest(String value, int hexDigits) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexDigits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
