package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.nn.CheckpointException;
import dev.ndgrad.nn.Npz;
import dev.ndgrad.optim.train.EpochRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training run's state after a given step, as one NumPy {@code .npz} in a directory of any Hadoop file system
 * ({@code file:}, {@code hdfs://}, {@code s3a://}, ...): the model's state dict ({@code model.<name>}), the
 * optimizer's ({@code optimizer.<key>}), the step count, the run's batch arrangement (to refuse resuming a
 * different run) and the records of the epochs completed.
 *
 * <p>Files are named {@code checkpoint-<step>.npz} (twelve digits), written under a hidden temporary name and
 * renamed, so a crash never leaves a half-written checkpoint under the real name; the newest {@value #KEEP} are
 * kept.
 *
 * @param step the optimizer steps done
 * @param run the batch arrangement ({@link #runKey})
 * @param history the records of the epochs completed before {@code step}
 * @param model the model's state dict
 * @param optimizer the optimizer's state dict
 */
record TrainingCheckpoint(long step, long[] run, List<EpochRecord> history, Map<String, INDArray> model,
        Map<String, INDArray> optimizer) {

    static final int KEEP = 2;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\.npz");
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String STEP = "trainer.step";
    private static final String RUN = "trainer.run";
    private static final String HISTORY = "trainer.history";
    private static final int RECORD_FIELDS = 9;

    /** The names of {@link #run}'s entries, for messages. */
    static final List<String> RUN_FIELDS = List.of("examples", "batch size", "seed (high 32 bits)",
            "seed (low 32 bits)", "shuffle", "dropLast", "steps per round");

    /**
     * What must be equal for a resumed run to continue the batches of the run that wrote the checkpoint. The seed
     * is split in two halves, each exact in the double an {@code .npz} entry is read through.
     */
    static long[] runKey(int examples, int batchSize, long seed, boolean shuffle, boolean dropLast, int stepsPerRound) {
        return new long[] {examples, batchSize, seed >>> 32, seed & 0xFFFFFFFFL, shuffle ? 1 : 0, dropLast ? 1 : 0,
            stepsPerRound};
    }

    /** Writes this checkpoint into {@code directory} (created if needed) and deletes all but the newest few. */
    void write(String directory, Configuration conf) {
        Path dir = new Path(directory);
        Path target = new Path(dir, String.format("checkpoint-%012d.npz", step));
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.mkdirs(dir);
            Path tmp = new Path(dir, "." + target.getName() + ".tmp");
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                Npz.write(out, arrays());
                out.hsync();
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
            List<Path> all = checkpoints(fs, dir);
            for (int i = 0; i < all.size() - KEEP; i++) {
                fs.delete(all.get(i), false);
            }
        } catch (IOException e) {
            throw new CheckpointException("SparkTrainer: writing checkpoint " + target + ": " + e, e);
        }
    }

    private Map<String, INDArray> arrays() {
        Map<String, FlatArray> trainer = new LinkedHashMap<>();
        trainer.put(STEP, new FlatArray(new long[0], DataType.LONG, new double[] {step}));
        trainer.put(RUN, new FlatArray(new long[] {run.length}, DataType.LONG,
                Arrays.stream(run).asDoubleStream().toArray()));
        if (!history.isEmpty()) {
            double[] values = new double[history.size() * RECORD_FIELDS];
            for (int e = 0; e < history.size(); e++) {
                EpochRecord r = history.get(e);
                System.arraycopy(new double[] {r.epoch(), r.trainLoss(), r.trainMetric(), r.devLoss(), r.devMetric(),
                        r.learningRate(), r.penalty(), r.seconds(), r.examplesPerSecond()}, 0, values,
                        e * RECORD_FIELDS, RECORD_FIELDS);
            }
            trainer.put(HISTORY, new FlatArray(new long[] {history.size(), RECORD_FIELDS}, DataType.DOUBLE, values));
        }
        Map<String, INDArray> out = new LinkedHashMap<>(FlatTensors.toArrays(trainer));
        model.forEach((k, v) -> out.put(MODEL + k, v));
        optimizer.forEach((k, v) -> out.put(OPTIMIZER + k, v));
        return out;
    }

    /**
     * Reads a checkpoint: {@code location} is a checkpoint file, or a directory whose newest checkpoint is read.
     *
     * @throws CheckpointException if there is none, or it cannot be read or is not a training checkpoint
     */
    static TrainingCheckpoint read(String location, Configuration conf) {
        Path path = new Path(location);
        java.nio.file.Path local = null;
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (fs.getFileStatus(path).isDirectory()) {
                List<Path> all = checkpoints(fs, path);
                if (all.isEmpty()) {
                    throw new CheckpointException("SparkTrainer: no checkpoint-<step>.npz in " + location, null);
                }
                path = all.get(all.size() - 1);
            }
            local = Files.createTempFile("ndgrad-checkpoint", ".npz");
            fs.copyToLocalFile(false, path, new Path(local.toUri()), true);
            return parse(Npz.read(local), path.toString());
        } catch (IOException e) {
            throw new CheckpointException("SparkTrainer: reading checkpoint " + path + ": " + e.getMessage(), e);
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private static TrainingCheckpoint parse(Map<String, INDArray> arrays, String where) {
        Map<String, INDArray> model = new LinkedHashMap<>();
        Map<String, INDArray> optimizer = new LinkedHashMap<>();
        Map<String, INDArray> trainer = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith(MODEL)) {
                model.put(k.substring(MODEL.length()), v);
            } else if (k.startsWith(OPTIMIZER)) {
                optimizer.put(k.substring(OPTIMIZER.length()), v);
            } else {
                trainer.put(k, v);
            }
        });
        Map<String, FlatArray> fields = FlatTensors.fromArrays(trainer);
        if (!fields.containsKey(STEP) || !fields.containsKey(RUN) || model.isEmpty()) {
            throw new CheckpointException("SparkTrainer: " + where + " is not a training checkpoint (it lacks "
                    + STEP + ", " + RUN + " or model.* entries)", null);
        }
        double[] run = fields.get(RUN).values();
        checkArgument(run.length == RUN_FIELDS.size(), "SparkTrainer: %s: %s has %s entries, expected %s", where, RUN,
                run.length, RUN_FIELDS.size());
        List<EpochRecord> history = new ArrayList<>();
        FlatArray records = fields.get(HISTORY);
        if (records != null) {
            double[] v = records.values();
            for (int e = 0; e < v.length / RECORD_FIELDS; e++) {
                int o = e * RECORD_FIELDS;
                history.add(new EpochRecord((int) v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5], v[o + 6],
                        v[o + 7], v[o + 8]));
            }
        }
        return new TrainingCheckpoint((long) fields.get(STEP).values()[0],
                Arrays.stream(run).mapToLong(x -> (long) x).toArray(), history, model, optimizer);
    }

    /** The checkpoint files in {@code dir}, oldest (smallest step) first. */
    private static List<Path> checkpoints(FileSystem fs, Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            Matcher m = NAME.matcher(s.getPath().getName());
            if (s.isFile() && m.matches()) {
                found.add(s.getPath());
            }
        }
        found.sort((a, b) -> a.getName().compareTo(b.getName()));
        return found;
    }
}
