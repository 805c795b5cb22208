package dev.ndgrad.examples.demo;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.examples.plot.LearningCurves;
import dev.ndgrad.nn.Dropout;
import dev.ndgrad.nn.Init;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Regularization;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.StandardScaler;
import dev.ndgrad.nn.data.TrainDevTest;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.Schedules;
import dev.ndgrad.optim.train.BiasVarianceDiagnosis;
import dev.ndgrad.optim.train.EarlyStopping;
import dev.ndgrad.optim.train.Evaluation;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The main job: the seeds' whole workflow on real data, in one run.
 * <ol>
 *   <li>split the data into train/dev/test (stratified) and standardise it with training statistics only;</li>
 *   <li>define a deep ReLU network with inverted dropout, He initialisation and an L2 penalty;</li>
 *   <li>gradient-check it the seeds' way: in DOUBLE, dropout off, the L2 term included, at random
 *       initialisation, against central differences (every parameter along random directions, the output
 *       layer element by element); then show why dropout must be off: the same check with dropout on finds that
 *       the cost is not deterministic and is inconclusive;</li>
 *   <li>train it in FLOAT with Adam, a learning-rate schedule and early stopping on the dev loss, with a
 *       progress bar;</li>
 *   <li>report train/dev/test accuracy and the bias/variance diagnosis; write the learning curves and a
 *       checkpoint.</li>
 * </ol>
 */
public final class DemoExample {

    private DemoExample() {}

    /** The knobs of a run; {@link DemoCommand} maps the command line onto them. */
    public record Settings(Dataset data, String dataName, List<Integer> hidden, double keepProb, double l2,
            double learningRate, int epochs, int batchSize, int patience, double baseError, int checkExamples,
            int checkDirections, long seed, boolean progressBar, Path out) {}

    /**
     * What the run measured, for the caller and the smoke test: the seeds' gradient checks (which must pass), and
     * the same check with dropout left on, which is inconclusive (empty when keep_prob is 1: no dropout).
     */
    public record Result(Module model, List<GradCheckResult> gradChecks, Optional<GradCheckResult> dropoutOnCheck,
            History history, double trainAccuracy, double devAccuracy, double testAccuracy,
            BiasVarianceDiagnosis diagnosis, Path learningCurves, Path checkpoint) {}

    /** Thrown when the seeds' gradient check does not pass; the report printed before it says where or why. */
    public static final class GradientCheckNotPassed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GradientCheckNotPassed(String message) {
            super(message);
        }
    }

    public static Result run(Settings s, PrintStream out) {
        TrainDevTest split = Splits.stratifiedTrainDevTest(s.data(), 0.7, 0.15, 0.15, s.seed());
        StandardScaler scaler = StandardScaler.fit(split.train());
        Dataset train = scaler.transform(split.train());
        Dataset dev = scaler.transform(split.dev());
        Dataset test = scaler.transform(split.test());
        out.printf("Data: %s, %d features, %d classes; train/dev/test = %d/%d/%d examples (standardised with "
                + "training statistics)%n", s.dataName(), train.numFeatures(), train.numClasses(), train.size(),
                dev.size(), test.size());

        Module model = network(train.numFeatures(), train.numClasses(), s, DataType.FLOAT);
        out.println("Model:");
        out.println(model);

        long started = System.nanoTime();
        Module checked = network(train.numFeatures(), train.numClasses(), s, DataType.DOUBLE);
        java.util.function.Function<List<Tensor>, Tensor> cost = checkCost(checked, train, s);
        List<GradCheckResult> checks = gradientCheck(checked, cost, s);
        checks.forEach(out::print);
        out.printf("  (gradient checks: %.1f s)%n", (System.nanoTime() - started) / 1e9);
        for (GradCheckResult check : checks) {
            if (!check.passed()) {
                throw new GradientCheckNotPassed("the gradient check " + (check.failed() ? "failed" : "was "
                        + "inconclusive") + ": see the report above");
            }
        }
        Optional<GradCheckResult> dropoutOn = Optional.empty();
        if (s.keepProb() < 1) {
            out.println("Why the seeds check with dropout off: the same check with dropout on (training mode) "
                    + "compares noise, and says so:");
            dropoutOn = Optional.of(checkWithDropoutOn(checked, cost, s));
            out.print(dropoutOn.get());
        }

        long m = train.size();
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), s.learningRate()), Losses::crossEntropy)
                .epochs(s.epochs())
                .batchSize(s.batchSize())
                .seed(s.seed())
                .penalty(() -> Regularization.l2(model, s.l2(), m))
                .schedule(Schedules.inverseTimeDecay(s.learningRate(), 0.05))
                .earlyStopping(new EarlyStopping(s.patience(), 1e-4))
                .progressBar(s.progressBar())
                .build();
        out.printf("Training: Adam (α₀ = %s, α = α₀/(1 + 0.05·epoch)), mini-batches of %d, L2 λ = %s, keep_prob = %s, "
                + "early stopping after %d epochs without a better dev loss%n", s.learningRate(), s.batchSize(), s.l2(),
                s.keepProb(), s.patience());
        started = System.nanoTime();
        History history = trainer.fit(train, dev);
        out.printf("Stopped: %s after %d epochs (%.1f s); weights of epoch %d restored%n", history.stopReason(),
                history.size(), (System.nanoTime() - started) / 1e9, history.restoredEpoch() + 1);

        Evaluation onTrain = trainer.evaluate(train);
        Evaluation onDev = trainer.evaluate(dev);
        Evaluation onTest = trainer.evaluate(test);
        out.printf("Accuracy: train %.2f%%, dev %.2f%%, test %.2f%%%n", 100 * onTrain.metric(), 100 * onDev.metric(),
                100 * onTest.metric());
        BiasVarianceDiagnosis diagnosis = BiasVarianceDiagnosis.of(onTrain.error(), onDev.error(), s.baseError());
        out.println("Diagnosis: " + diagnosis);

        Path curves = LearningCurves.save(history, "demo on " + s.dataName(), s.out().resolve("learning-curves.png"));
        Path checkpoint = s.out().resolve("model.npz");
        model.save(checkpoint);
        out.println("Wrote " + curves.toAbsolutePath());
        out.println("Wrote " + checkpoint.toAbsolutePath() + " (numpy.load reads it; names as in PyTorch)");
        return new Result(model, checks, dropoutOn, history, onTrain.metric(), onDev.metric(), onTest.metric(),
                diagnosis, curves, checkpoint);
    }

    /** Linear → ReLU → Dropout for each hidden width, then a linear layer of logits; He initialisation. */
    static Module network(long inputs, long classes, Settings s, DataType dtype) {
        Random random = new Random(s.seed());
        List<Module> layers = new ArrayList<>();
        long width = inputs;
        for (int h : s.hidden()) {
            layers.add(new Linear(width, h, true, dtype, random));
            layers.add(new ReLU());
            layers.add(new Dropout(1 - s.keepProb(), random.nextLong()));
            width = h;
        }
        layers.add(new Linear(width, classes, true, dtype, random));
        return new Sequential(layers.toArray(Module[]::new));
    }

    /**
     * The cost the checks differentiate: cross-entropy on a small batch of the training set plus the L2 term (over
     * the whole training set's m, as in training), computed by {@code model} in DOUBLE.
     */
    static java.util.function.Function<List<Tensor>, Tensor> checkCost(Module model, Dataset train, Settings s) {
        int n = Math.min(s.checkExamples(), train.size());
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        Batch batch = train.to(DataType.DOUBLE).batch(rows);
        long m = train.size();
        return params -> Losses.crossEntropy(model.forward(batch.features()), batch.labels())
                .add(Regularization.l2(model, s.l2(), m));
    }

    /**
     * The seeds' recipe: the network in DOUBLE at its random initialisation, dropout off ({@code eval()}), the L2
     * term included, on a small batch. Every parameter is checked at once along random directions
     * ({@code ⟨∇J, u⟩} against {@code (J(θ + εu) − J(θ − εu))/2ε}, a few passes however large the model), and the
     * output layer element by element (two passes per element), so the report can point at single elements.
     */
    static List<GradCheckResult> gradientCheck(Module model, java.util.function.Function<List<Tensor>, Tensor> cost,
            Settings s) {
        model.eval();
        List<Tensor> all = model.parameters();
        GradCheckResult everyParameter = GradCheck.check(cost, all,
                GradCheck.Options.defaults().withDirections(s.checkDirections()).withSeed(s.seed()));
        GradCheckResult outputLayer = GradCheck.check(cost, all.subList(all.size() - 2, all.size()));
        return List.of(everyParameter, outputLayer);
    }

    /**
     * The directional check once more with dropout on ({@code train()}): every evaluation draws a new mask, so the
     * check finds two evaluations at the same point that differ and is inconclusive instead of comparing noise.
     * It costs two evaluations of the cost: the check stops there.
     */
    static GradCheckResult checkWithDropoutOn(Module model, java.util.function.Function<List<Tensor>, Tensor> cost,
            Settings s) {
        model.train();
        try {
            return GradCheck.check(cost, model.parameters(),
                    GradCheck.Options.defaults().withDirections(s.checkDirections()).withSeed(s.seed()));
        } finally {
            model.eval();
        }
    }
}
