package org.atoll.plugin.haproxy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.atoll.spi.routing.RoutingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one apply: the content-addressed files are written beside the live ones (nothing the live
 * configuration reads changes), the new configuration into {@code scratch/} for the checker, then renamed
 * over the live one; on failure the previous bytes are put back and the new files deleted; on success the
 * table is recorded and the files nothing names any more are deleted.
 */
final class Staging {

    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);

    private Staging() {
    }

    /** Every file the rendering names exists already. */
    static boolean present(ProxyHome h, Renderer.Rendering r) {
        return r.files().keySet().stream().allMatch(n -> Files.isRegularFile(h.files().resolve(n)));
    }

    /** Writes the files the rendering names that do not exist yet (0600); returns them. */
    static List<Path> write(ProxyHome h, Renderer.Rendering r) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : r.files().entrySet()) {
            Path p = h.files().resolve(f.getKey());
            if (!Files.isRegularFile(p) || !Arrays.equals(Files.readAllBytes(p), f.getValue())) {
                ProxyHome.writePrivate(p, f.getValue());
                created.add(p);
            }
        }
        return created;
    }

    /** The new configuration in scratch/, for the checker. */
    static Path stage(ProxyHome h, Renderer.Rendering r) throws IOException {
        Path scratch = h.scratch().resolve("haproxy.cfg");
        ProxyHome.writePrivate(scratch, r.config());
        return scratch;
    }

    /** The checked configuration becomes the live one, atomically. */
    static void swap(ProxyHome h, Path scratch) throws IOException {
        Files.move(scratch, h.config(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Puts the previous live configuration back (none: deletes it). */
    static void restore(ProxyHome h, Optional<byte[]> previous) {
        try {
            if (previous.isPresent()) {
                ProxyHome.writePrivate(h.config(), previous.get());
            } else {
                Files.deleteIfExists(h.config());
            }
        } catch (IOException e) {
            LOG.error("haproxy proxy {}: cannot restore the previous configuration: {}", h.name(), e.getMessage());
        }
    }

    /** Records the table served and deletes the files no longer named. */
    static void commit(ProxyHome h, RoutingTable table, Renderer.Rendering r) throws IOException {
        TableStore.write(h, table);
        try (Stream<Path> files = Files.list(h.files())) {
            for (Path p : files.toList()) {
                if (!r.files().containsKey(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Deletes files written for a configuration that did not go live. */
    static void discard(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // unreferenced; the next successful apply deletes it
            }
        }
    }
}
