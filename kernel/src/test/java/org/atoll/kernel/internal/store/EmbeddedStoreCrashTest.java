package org.atoll.kernel.internal.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real writer process with SIGKILL at random moments, over and over on the same
 * directory, and checks after each kill that the store opens and holds exactly the acknowledged
 * changes: every acknowledged write present (unless a later acknowledged one replaced it), each
 * unacknowledged one wholly present or wholly absent, every value intact.
 *
 * <p>{@code -Datoll.crash.rounds=N} sets the number of kills (default 50);
 * {@code -Datoll.crash.seed=S} replays a run.
 */
class EmbeddedStoreCrashTest {

    static final int ROUNDS = Integer.getInteger("atoll.crash.rounds", 50);
    static final long SEED = Long.getLong("atoll.crash.seed", System.nanoTime());
    static final int THREADS = 3;
    static final long COMPACTION_THRESHOLD = 96 * 1024;

    @TempDir
    Path root;

    final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    int injectedTornWrites;
    int killedBeforeReady;

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillsAtRandomMoments() throws Exception {
        Path dir = root.resolve("store");
        Random random = new Random(SEED);
        CrashVerifier verifier = new CrashVerifier(executor,
                StoreOptions.defaults().withCompactionThresholdBytes(COMPACTION_THRESHOLD));
        long start = System.nanoTime();
        for (int round = 1; round <= ROUNDS; round++) {
            List<String> lines = List.of();
            try {
                lines = runAndKill(dir, round, random);
                if (random.nextInt(4) == 0) {
                    injectTornWrite(dir, random);
                }
                verifier.verify(dir, lines);
            } catch (AssertionError | Exception e) {
                Path kept = keepForInspection(dir, lines);
                throw new AssertionError("crash round " + round + " failed (seed " + SEED + ", rerun with -Datoll.crash.seed="
                        + SEED + "; store files and writer output copied to " + kept + "): " + e.getMessage(), e);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.printf("Crash test: %d kill rounds (%d before the store was ready) in %d s, seed %d: %s; %d torn writes"
                + " injected%n", ROUNDS, killedBeforeReady, seconds, SEED, verifier.summary(), injectedTornWrites);
        assertTrue(verifier.ackedOps() > ROUNDS, "the writer hardly wrote anything: " + verifier.summary());
    }

    /**
     * Runs the writer, kills it after a random delay, and returns its output lines. The output goes
     * to a file rather than a pipe: every write() the child completed is in the file even after
     * SIGKILL, while a pipe's last bytes can be lost to the JDK's draining of exited processes.
     */
    private List<String> runAndKill(Path dir, int round, Random random) throws Exception {
        Path stdout = root.resolve("child.out");
        Path stderr = root.resolve("child.err");
        Process child = ChildJvm.builder(StoreCrashWriter.class, dir.toString(), Long.toString(SEED), Integer.toString(round),
                Integer.toString(THREADS), Long.toString(COMPACTION_THRESHOLD))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            boolean early = random.nextInt(8) == 0;
            String gate = early ? "OPENING" : "READY";
            WatchRecorder.await("the writer to print " + gate, Duration.ofSeconds(60),
                    () -> outputContains(stdout, gate) || !child.isAlive());
            if (!child.isAlive()) {
                fail("the writer exited with " + child.exitValue() + ": " + tail(stderr) + tail(stdout));
            }
            Thread.sleep(early ? random.nextInt(40) : 5 + random.nextInt(300));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the killed writer did not exit");
        }
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        if (lines.stream().noneMatch(l -> l.startsWith("READY"))) {
            killedBeforeReady++;
        }
        for (String line : lines) {
            if (line.startsWith("BAD")) {
                fail("the writer failed: " + line + "; " + tail(stderr));
            }
        }
        return lines;
    }

    private static boolean outputContains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A SIGKILL rarely lands inside a write() (the writer spends its time in fsync), so some rounds
     * also append what an interrupted write leaves: part of a record, or a whole record whose
     * bytes did not all reach the disk (as after a power loss). It was never acknowledged, so
     * recovery must cut exactly it and keep everything else.
     */
    private void injectTornWrite(Path dir, Random random) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        StoreFiles.Listing files = StoreFiles.list(dir);
        if (files.logs().isEmpty()) {
            return;
        }
        Path log = files.logs().get(files.logs().lastKey());
        byte[] content = Files.readAllBytes(log);
        byte[] frame;
        if (content.length >= RecordCodec.HEADER) {
            int length = ByteBuffer.wrap(content, 4, 4).getInt();
            frame = Arrays.copyOf(content, Math.min(content.length, RecordCodec.HEADER + length));
        } else {
            frame = ByteBuffer.allocate(RecordCodec.HEADER + 64).putInt(RecordCodec.MAGIC).putInt(64).array();
        }
        byte[] torn;
        if (random.nextBoolean()) {
            torn = Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1));
        } else {
            torn = frame.clone();
            int at = RecordCodec.HEADER + random.nextInt(Math.max(1, torn.length - RecordCodec.HEADER));
            torn[Math.min(at, torn.length - 1)] ^= (byte) (1 + random.nextInt(255));
        }
        Files.write(log, torn, StandardOpenOption.APPEND);
        injectedTornWrites++;
    }

    /** Copies the store directory and the writer's output to target/ so a failure can be examined. */
    private static Path keepForInspection(Path dir, List<String> lines) {
        Path target = Path.of("target", "crash-failure-" + SEED).toAbsolutePath();
        try {
            Files.createDirectories(target);
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.write(target.resolve("writer-output.txt"), lines);
        } catch (IOException e) {
            return Path.of("(copy failed: " + e + ")");
        }
        return target;
    }

    private static String tail(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
