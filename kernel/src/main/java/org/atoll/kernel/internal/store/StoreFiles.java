package org.atoll.kernel.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atoll.spi.store.StoreException;

/**
 * Names and housekeeping of the files in a store directory.
 *
 * <p>{@code wal-G.log} is log generation G; {@code snap-G.snap} is the state after every record of
 * generations 1..G, so recovery loads the newest snapshot S and replays the logs after S. A
 * snapshot is first written as {@code snap-G.snap.tmp} and renamed only when complete and forced,
 * so a snapshot with its final name is always whole.
 */
final class StoreFiles {

    static final String LOCK = "store.lock";
    private static final Pattern LOG = Pattern.compile("wal-(\\d{20})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snap-(\\d{20})\\.snap");
    private static final String TEMP_SUFFIX = ".tmp";
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    /** The store files found in a directory, by generation. */
    record Listing(SortedMap<Long, Path> logs, SortedMap<Long, Path> snapshots, List<Path> temporaries) {
    }

    private StoreFiles() {
    }

    static Path log(Path dir, long generation) {
        return dir.resolve(String.format("wal-%020d.log", generation));
    }

    static Path snapshot(Path dir, long generation) {
        return dir.resolve(String.format("snap-%020d.snap", generation));
    }

    static Path temporarySnapshot(Path dir, long generation) {
        return dir.resolve(snapshot(dir, generation).getFileName() + TEMP_SUFFIX);
    }

    static Listing list(Path dir) throws IOException {
        SortedMap<Long, Path> logs = new TreeMap<>();
        SortedMap<Long, Path> snapshots = new TreeMap<>();
        List<Path> temporaries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher log = LOG.matcher(name);
                Matcher snap = SNAPSHOT.matcher(name);
                if (log.matches()) {
                    logs.put(Long.parseLong(log.group(1)), file);
                } else if (snap.matches()) {
                    snapshots.put(Long.parseLong(snap.group(1)), file);
                } else if (name.startsWith("snap-") && name.endsWith(TEMP_SUFFIX)) {
                    temporaries.add(file);
                }
            }
        }
        return new Listing(logs, snapshots, temporaries);
    }

    /**
     * Makes creations, renames and deletions in {@code dir} durable. Windows cannot open a
     * directory as a channel; NTFS journals metadata, so it is skipped there.
     */
    static void forceDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static StoreException corrupt(Path file, long offset, String problem) {
        return new StoreException("state store file " + file + " is damaged at offset " + offset + ": " + problem
                + "; refusing to open rather than drop acknowledged changes"
                + " (restore the directory from a backup, or truncate the file at that offset to accept the loss)",
                false);
    }
}
