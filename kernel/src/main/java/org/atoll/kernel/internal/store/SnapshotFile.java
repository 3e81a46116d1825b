package org.atoll.kernel.internal.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.atoll.spi.store.StoreException;

/**
 * Snapshot files: the whole state at the end of a log generation.
 *
 * <pre>
 * magic:int64 format:int32 generation:int64 revision:int64
 * leaseCount:int32 (id:int64 ttlMillis:int64)*
 * entryCount:int64 (key:blob create:int64 mod:int64 version:int64 lease:int64 value:blob)*   keys ascending
 * crc:int32   CRC32C of everything before it
 * </pre>
 */
final class SnapshotFile {

    private static final long MAGIC = 0x41544F4C4C534E50L; // "ATOLLSNP"
    private static final int FORMAT = 1;
    private static final int BUFFER = 1 << 16;

    /** A loaded snapshot and its size on disk. */
    record Loaded(KeySpace.Image image, long bytes) {
    }

    private SnapshotFile() {
    }

    /**
     * Writes {@code image} as the snapshot of {@code generation}: temporary file, force, atomic
     * rename, force the directory. Returns the file size.
     *
     * @param cancelled polled while writing; when true the temporary file is removed and
     *                  {@link CancellationException} thrown
     */
    static long write(Path dir, long generation, KeySpace.Image image, BooleanSupplier cancelled) throws IOException {
        Path temporary = StoreFiles.temporarySnapshot(dir, generation);
        boolean done = false;
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CheckedOutputStream checked = new CheckedOutputStream(
                    new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), new CRC32C());
            DataOutputStream out = new DataOutputStream(checked);
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeLong(generation);
            out.writeLong(image.revision());
            out.writeInt(image.leaseTtls().size());
            for (Map.Entry<Long, Long> lease : image.leaseTtls().entrySet()) {
                out.writeLong(lease.getKey());
                out.writeLong(lease.getValue());
            }
            out.writeLong(image.entries().size());
            int written = 0;
            for (Map.Entry<String, Entry> e : image.entries().entrySet()) {
                if ((++written & 1023) == 0 && cancelled.getAsBoolean()) {
                    throw new CancellationException("store is closing");
                }
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                Entry entry = e.getValue();
                out.writeLong(entry.createRevision());
                out.writeLong(entry.modRevision());
                out.writeLong(entry.version());
                out.writeLong(entry.lease());
                out.writeInt(entry.value().length);
                out.write(entry.value());
            }
            out.flush();
            int crc = (int) checked.getChecksum().getValue();
            out.writeInt(crc);
            out.flush();
            channel.force(true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temporary);
            }
        }
        Path target = StoreFiles.snapshot(dir, generation);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        StoreFiles.forceDirectory(dir);
        return Files.size(target);
    }

    static Loaded read(Path path, long generation) throws IOException {
        try (InputStream file = Files.newInputStream(path)) {
            CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(file, BUFFER), new CRC32C());
            DataInputStream in = new DataInputStream(checked);
            if (in.readLong() != MAGIC) {
                throw damaged(path, "not a snapshot file");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw damaged(path, "unknown snapshot format " + format);
            }
            long fileGeneration = in.readLong();
            if (fileGeneration != generation) {
                throw damaged(path, "holds generation " + fileGeneration + ", not " + generation);
            }
            long revision = in.readLong();
            int leaseCount = in.readInt();
            Map<Long, Long> leases = new HashMap<>();
            for (int i = 0; i < leaseCount; i++) {
                leases.put(in.readLong(), in.readLong());
            }
            long entryCount = in.readLong();
            TreeMap<String, Entry> entries = new TreeMap<>();
            String previous = null;
            for (long i = 0; i < entryCount; i++) {
                String key = new String(blob(in, path, Keys.MAX_KEY_BYTES), StandardCharsets.UTF_8);
                if (previous != null && key.compareTo(previous) <= 0) {
                    throw damaged(path, "keys out of order at '" + key + "'");
                }
                previous = key;
                long create = in.readLong();
                long mod = in.readLong();
                long version = in.readLong();
                long lease = in.readLong();
                entries.put(key, new Entry(blob(in, path, Keys.MAX_VALUE_BYTES), create, mod, version, lease));
            }
            int expected = (int) checked.getChecksum().getValue();
            if (in.readInt() != expected) {
                throw damaged(path, "checksum mismatch");
            }
            if (in.read() != -1) {
                throw damaged(path, "unexpected bytes after the checksum");
            }
            return new Loaded(new KeySpace.Image(revision, entries, leases), Files.size(path));
        } catch (EOFException e) {
            throw damaged(path, "ends early");
        }
    }

    private static byte[] blob(DataInputStream in, Path path, int max) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw damaged(path, "impossible length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static StoreException damaged(Path path, String problem) {
        return new StoreException("state store snapshot " + path + " is damaged: " + problem
                + "; refusing to open (restore the directory from a backup)", false);
    }
}
