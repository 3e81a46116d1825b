package org.atoll.plugin.nginx.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a log the proxy appends to under a size: past it, the log is copied to {@code NAME.1}
 * (replacing the previous one) and truncated in place. The daemon opened it with O_APPEND, so its
 * next line goes to the new end; renaming it instead would leave the daemon writing to the old file.
 * Lines written between the copy and the truncation are lost.
 */
final class LogCap {

    /** The size past which a log is cut: the proxy's logs take at most twice this. */
    static final long MAX_BYTES = 10L * 1024 * 1024;

    private LogCap() {
    }

    /** @return whether the log was cut */
    static boolean trim(Path log, long maxBytes) throws IOException {
        if (!Files.isRegularFile(log) || Files.size(log) <= maxBytes) {
            return false;
        }
        Files.copy(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        return true;
    }
}
