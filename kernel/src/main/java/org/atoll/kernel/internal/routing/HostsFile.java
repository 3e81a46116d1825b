package org.atoll.kernel.internal.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The block of a hosts file that Atoll manages, between two marker lines; everything else in the file
 * is kept as it is. Written by rename where the file may be replaced, else in place (a container's
 * /etc/hosts is a bind mount that cannot be renamed over).
 */
final class HostsFile {

    static final String BEGIN = "# BEGIN atoll managed hosts: hosts-add/hosts-remove change this block";
    static final String END = "# END atoll managed hosts";

    private HostsFile() {
    }

    /** Writes the block with {@code entries} when the file's block differs; no entries and no block: untouched. */
    static boolean write(Path file, List<HostEntry> entries) throws IOException {
        String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String after = render(before, entries);
        if (after.equals(before)) {
            return false;
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".atoll-tmp");
        Files.writeString(tmp, after, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            Files.deleteIfExists(tmp);
            Files.writeString(file, after, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
        return true;
    }

    static String render(String content, List<HostEntry> entries) {
        if (entries.isEmpty() && !content.contains(BEGIN)) {
            return content;
        }
        List<String> kept = new ArrayList<>();
        boolean inside = false;
        for (String line : content.split("\n", -1)) {
            if (line.equals(BEGIN)) {
                inside = true;
            } else if (line.equals(END)) {
                inside = false;
            } else if (!inside) {
                kept.add(line);
            }
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
            kept.remove(kept.size() - 1);
        }
        StringBuilder out = new StringBuilder();
        kept.forEach(l -> out.append(l).append('\n'));
        if (!entries.isEmpty()) {
            out.append(BEGIN).append('\n');
            entries.stream().sorted(Comparator.comparing(HostEntry::host))
                    .forEach(e -> out.append(e.address()).append(' ').append(e.host()).append('\n'));
            out.append(END).append('\n');
        }
        return out.toString();
    }
}
