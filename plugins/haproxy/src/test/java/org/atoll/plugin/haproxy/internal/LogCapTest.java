package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log past its size is kept once as NAME.1 and started afresh, and an appending writer follows it. */
class LogCapTest {

    @TempDir
    Path dir;

    @Test
    void aLogPastItsSizeMovesToDotOneWhileTheWriterKeepsAppending() throws IOException {
        Path log = dir.resolve("x.log");
        try (FileOutputStream daemon = new FileOutputStream(log.toFile(), true)) { // O_APPEND, as the daemon's
            daemon.write("a".repeat(100).getBytes(StandardCharsets.US_ASCII));
            assertFalse(LogCap.trim(log, 100), "at the size: kept");
            daemon.write("b\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(LogCap.trim(log, 100));
            assertEquals("a".repeat(100) + "b\n", Files.readString(log.resolveSibling("x.log.1")));
            assertEquals(0, Files.size(log));

            daemon.write("after\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("after\n", Files.readString(log), "the next line starts the file: no hole where the old one was");

            daemon.write("c".repeat(200).getBytes(StandardCharsets.US_ASCII));
            assertTrue(LogCap.trim(log, 100));
            assertEquals("after\n" + "c".repeat(200), Files.readString(log.resolveSibling("x.log.1")),
                    "only one generation is kept");
        }
        assertFalse(LogCap.trim(dir.resolve("missing.log"), 100));
    }
}
