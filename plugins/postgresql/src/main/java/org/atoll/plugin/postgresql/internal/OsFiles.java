package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Files and directories of servers: owned by the OS user the servers run as, private (0700 / 0600), and
 * replaced atomically (a temporary file in the same directory, renamed over the old one).
 */
final class OsFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String osUser;
    private volatile UserPrincipal owner;
    private volatile GroupPrincipal group;

    OsFiles(String osUser) {
        this.osUser = osUser;
    }

    /** Creates {@code dir} (and missing parents) if needed, and makes it the OS user's, mode 0700. */
    void privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        own(dir);
    }

    /** Writes {@code content} to {@code target} atomically, mode 0600, owned by the OS user. */
    void writePrivate(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-"
                + HexFormat.of().toHexDigits(RANDOM.nextInt()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            own(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    void own(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (owner == null) {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            try {
                owner = lookup.lookupPrincipalByName(osUser);
            } catch (UserPrincipalNotFoundException e) {
                throw new IOException("OS user " + osUser + " does not exist (apt-get install postgresql creates it)",
                        e);
            }
            try {
                group = lookup.lookupPrincipalByGroupName(osUser);
            } catch (UserPrincipalNotFoundException e) {
                group = null;
            }
        }
        view.setOwner(owner);
        if (group != null) {
            view.setGroup(group);
        }
    }

    /** Deletes {@code root} and everything under it; absent is fine. Symbolic links are removed, not followed. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
