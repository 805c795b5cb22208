package dev.ndgrad.nn;

import static dev.ndgrad.nn.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import com.google.common.base.Preconditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Crash safety of {@link Module#save}: a child process ({@link CheckpointWriter}) saves two different
 * checkpoints alternately over one file, and is killed with SIGKILL at a random moment; afterwards the file
 * must be one of the two, bit for bit, and load. Two hundred kills, in four lanes (each its own directory and
 * child processes) that run side by side: a child spends most of its short life waiting for the disk.
 */
class CheckpointCrashTest {

    private static final int KILLS = 200;
    private static final int LANES = 4;
    /**
     * Kills land uniformly within this long after the child is ready; a save (write, force the file, rename,
     * force the directory) takes some 10 to 50 ms here, so kills fall in every phase of the first few saves.
     */
    private static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final List<String> CHILD_OPTIONS = List.of("-Xmx64m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:-UsePerfData");
    /** What the child runs: nn's classes (its own folder, and nn's main one) and Guava's preconditions. */
    private static final List<Class<?>> CHILD_NEEDS = List.of(Checkpoints.class, Preconditions.class);

    @TempDir
    Path dir;

    /** About 300 kB in nine entries, so that a save spends real time writing and forcing, where kills land. */
    private static Module model(long seed) {
        return new Sequential(new Linear(256, 288, true, DataType.FLOAT, seed), new BatchNorm1d(288, 1e-5, 0.1,
                DataType.FLOAT), new Linear(288, 10, true, DataType.FLOAT, seed + 1));
    }

    /** What the kills found: how many, how many left a temporary file (killed mid-save), A, B, saves completed. */
    private record Tally(int kills, int midSave, int foundA, int foundB, long saves) {

        static final Tally NONE = new Tally(0, 0, 0, 0, 0);

        Tally plus(Tally o) {
            return new Tally(kills + o.kills, midSave + o.midSave, foundA + o.foundA, foundB + o.foundB,
                    saves + o.saves);
        }
    }

    @Test
    void aSaveKilledAtAnyMomentLeavesTheOldOrTheNewCheckpointBitForBit() throws Exception {
        Module a = model(1);
        Module b = model(2);
        Path fileA = dir.resolve("a.npz");
        Path fileB = dir.resolve("b.npz");
        a.save(fileA);
        b.save(fileB);
        byte[] bytesA = Files.readAllBytes(fileA);
        byte[] bytesB = Files.readAllBytes(fileB);
        assertFalse(Arrays.equals(bytesA, bytesB));
        assertTrue(bytesA.length > 250_000, "checkpoint of " + bytesA.length + " bytes");
        assertChildWritesWhatSaveWrites(fileA, fileB, bytesB);

        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(LANES);
        try {
            List<Future<Tally>> lanes = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                Path laneDir = Files.createDirectory(dir.resolve("lane" + lane));
                long seed = 1000 + lane;
                int kills = KILLS / LANES + (lane < KILLS % LANES ? 1 : 0);
                lanes.add(pool.submit(() -> runLane(laneDir, kills, seed, fileA, fileB, snapshot(a), snapshot(b))));
            }
            Tally all = Tally.NONE;
            for (Future<Tally> lane : lanes) {
                all = all.plus(lane.get(5, TimeUnit.MINUTES));
            }
            System.out.printf("CheckpointCrashTest: %d SIGKILLs in %.1f s (%d lanes); %d saves completed, %d kills "
                    + "landed mid-save (temporary file left); file found as A %d times, as B %d times, never "
                    + "anything else%n", all.kills(), (System.nanoTime() - start) / 1e9, LANES, all.saves(),
                    all.midSave(), all.foundA(), all.foundB());
            assertEquals(KILLS, all.kills());
            // Not vacuous: the kills must have interrupted saves, and the file must have changed between launches.
            assertTrue(all.midSave() >= KILLS / 4, all.midSave() + " kills landed mid-save");
            assertTrue(all.foundA() > 0 && all.foundB() > 0, all.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The child's complete saves are byte-identical to {@link Module#save}'s: it runs the same code. */
    private void assertChildWritesWhatSaveWrites(Path fileA, Path fileB, byte[] bytesB) throws Exception {
        Path target = Files.createDirectory(dir.resolve("check")).resolve("model.npz");
        Files.copy(fileA, target);
        Path warmup = Files.createDirectory(dir.resolve("check-warmup")).resolve("model.npz");
        Process p = ChildJvm.command(CHILD_NEEDS, CheckpointWriter.class, CHILD_OPTIONS, fileA.toString(), fileB.toString(),
                target.toString(), warmup.toString(), "3").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
        assertEquals(0, p.exitValue(), output);
        assertEquals(List.of("ready", "saved 0 B", "saved 1 A", "saved 2 B"), output.lines().toList());
        assertArrayEquals(bytesB, Files.readAllBytes(target));
    }

    /** {@code kills} launches of the child over one file, each killed at a random moment, each followed by checks. */
    private static Tally runLane(Path laneDir, int kills, long seed, Path fileA, Path fileB,
            Map<String, byte[]> stateA, Map<String, byte[]> stateB) throws Exception {
        byte[] bytesA = Files.readAllBytes(fileA);
        byte[] bytesB = Files.readAllBytes(fileB);
        Path target = laneDir.resolve("model.npz");
        Files.write(target, bytesA);
        Path warmup = Files.createDirectory(laneDir.resolveSibling(laneDir.getFileName() + "-warmup"))
                .resolve("model.npz");
        Random random = new Random(seed);
        Module loaded = model(99);
        Tally tally = Tally.NONE;
        for (int kill = 0; kill < kills; kill++) {
            Process child = ChildJvm.command(CHILD_NEEDS, CheckpointWriter.class, CHILD_OPTIONS, fileA.toString(),
                    fileB.toString(), target.toString(), warmup.toString()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            if (!"ready".equals(first)) {
                child.destroyForcibly();
                throw new AssertionError(laneDir + " kill " + kill + ": the child said " + first);
            }
            LockSupport.parkNanos((long) (random.nextDouble() * MAX_DELAY_NANOS));
            // SIGKILL on Linux (no shutdown hook, no finally block runs). Through the handle, which unlike
            // Process.destroyForcibly leaves the pipe open, so that the lines printed before the kill can be read.
            assertTrue(child.toHandle().destroyForcibly());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(SIGKILL_EXIT, child.exitValue(), "the child must die of SIGKILL, not finish or fail");
            long saves = out.lines().filter(line -> line.startsWith("saved ")).count();

            String where = laneDir + " after kill " + kill + " (seed " + seed + ")";
            byte[] now = Files.readAllBytes(target);
            boolean isA = Arrays.equals(now, bytesA);
            assertTrue(isA || Arrays.equals(now, bytesB), where + ": the file is neither checkpoint (" + now.length
                    + " bytes)");
            loaded.load(target);
            Map<String, byte[]> expected = isA ? stateA : stateB;
            Map<String, byte[]> actual = snapshot(loaded);
            assertEquals(expected.keySet(), actual.keySet());
            actual.forEach((name, bytes) -> assertArrayEquals(expected.get(name), bytes, where + " " + name));
            boolean midSave = removeTemporaryFiles(laneDir, target, where);
            tally = tally.plus(new Tally(1, midSave ? 1 : 0, isA ? 1 : 0, isA ? 0 : 1, saves));
        }
        return tally;
    }

    /** Deletes what a killed save left ({@code .model.npz.*.tmp}); any other file is an error. */
    private static boolean removeTemporaryFiles(Path laneDir, Path target, String where) throws IOException {
        boolean found = false;
        try (var files = Files.list(laneDir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (f.equals(target)) {
                    continue;
                }
                assertTrue(name.startsWith(".model.npz.") && name.endsWith(".tmp"), where + ": stray file " + name);
                Files.delete(f);
                found = true;
            }
        }
        return found;
    }
}
