package org.atoll.plugin.nginx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.atoll.spi.ProviderException;

/**
 * A certificate or key file, read once: its bytes are what gets copied into the proxy's directory, so a
 * file that changes after the check cannot slip in unchecked. It is named after its digest there, so an
 * apply never overwrites a file the running configuration uses.
 *
 * @param bytes  the content
 * @param digest hex SHA-256 of the content
 */
record Pem(byte[] bytes, String digest) {

    /** Larger than any sane chain; nginx would read it all at every reload. */
    static final int MAX_BYTES = 1 << 20;

    static final List<String> CERTIFICATE = List.of("-----BEGIN CERTIFICATE-----");
    static final List<String> KEY = List.of("-----BEGIN PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN EC PARAMETERS-----");

    /** Reads {@code path} (already checked by {@link Values#path}) and checks it starts with one of {@code headers}. */
    static Pem read(String field, String path, List<String> headers) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw Values.invalid(field, path, "is not a readable regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(p)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw Values.invalid(field, path, "cannot be read: " + e.getClass().getSimpleName());
        }
        if (bytes.length > MAX_BYTES) {
            throw Values.invalid(field, path, "is larger than " + MAX_BYTES + " bytes");
        }
        String start = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII);
        if (headers.stream().noneMatch(start::startsWith)) {
            throw Values.invalid(field, path, "does not start with " + String.join(" or ", headers));
        }
        try {
            return new Pem(bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new ProviderException("SHA-256 is not available", false, e);
        }
    }
}
