package org.atoll.kernel.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.atoll.spi.store.StoreException;

/**
 * Exclusive use of a store directory: an OS file lock against other processes, and a JVM-wide
 * set against other instances in this process.
 *
 * <p>The set is checked before the lock file is even opened: on POSIX systems closing any channel
 * to a file drops every lock the process holds on it, so a refused second open in the same JVM
 * must not open (and then close) the lock file. The OS releases the lock when the process dies,
 * so a kill never leaves the directory locked.
 */
final class DirectoryLock implements AutoCloseable {

    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code directory} if needed and locks it.
     *
     * @throws StoreException (retryable) if it is in use, or cannot be created or locked
     */
    static DirectoryLock acquire(Path directory) {
        Path dir;
        try {
            boolean existed = Files.isDirectory(directory);
            Files.createDirectories(directory);
            dir = directory.toRealPath();
            if (!existed && dir.getParent() != null) {
                // Otherwise a power loss could take the new directory, and acknowledged data in it, away.
                StoreFiles.forceDirectory(dir.getParent());
            }
        } catch (IOException e) {
            throw new StoreException("cannot create state store directory " + directory + ": " + e, true, e);
        }
        if (!HELD_IN_THIS_JVM.add(dir)) {
            throw inUse(dir);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(StoreFiles.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir);
            }
            return new DirectoryLock(dir, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(dir);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot lock state store directory " + dir + ": " + e, true, e);
        }
    }

    /** The directory's real path. */
    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
        HELD_IN_THIS_JVM.remove(directory);
    }

    private static StoreException inUse(Path dir) {
        return new StoreException("state store directory " + dir
                + " is already open by another store (in this or another process); only one may use it", true);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }
}
