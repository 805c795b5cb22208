package dev.ndgrad.examples.demo;

import dev.ndgrad.examples.EpochLog;
import dev.ndgrad.examples.plot.LearningCurves;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Regularization;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Splits;
import dev.ndgrad.nn.data.TrainDevTest;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.Schedules;
import dev.ndgrad.optim.train.BiasVarianceDiagnosis;
import dev.ndgrad.optim.train.EarlyStopping;
import dev.ndgrad.optim.train.History;
import dev.ndgrad.optim.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The main job, {@code ndgrad demo}: define a deep network in code, gradient-check it the seeds' way, train it
 * on a shipped data set (digits by default) with mini-batches, Adam, a learning-rate schedule, L2, dropout and
 * early stopping on the dev set, then report train/dev/test accuracy and the bias/variance diagnosis, and write
 * the learning curves (PNG) and a checkpoint (.npz) that is reloaded to prove it.
 */
public final class DemoExample {

    /** What the run measured, and where it wrote its files. */
    public record Result(Optional<DemoGradientCheck.Reports> gradCheck, History history, double trainAccuracy,
            double devAccuracy, double testAccuracy, double reloadedTestAccuracy, BiasVarianceDiagnosis diagnosis,
            Path learningCurves, Path checkpoint, double seconds) {

        /** Whether the gradient check (if run) passed and the reloaded checkpoint scores the same. */
        public boolean ok() {
            return gradCheck.map(DemoGradientCheck.Reports::passed).orElse(true)
                    && Math.abs(reloadedTestAccuracy - testAccuracy) < 1e-9;
        }
    }

    /** Human error on these data sets is close to zero: the base error of the bias/variance diagnosis. */
    static final double BASE_ERROR = 0.0;

    private DemoExample() {}

    public static Result run(DemoConfig config, PrintStream log) {
        long start = System.nanoTime();
        TrainDevTest data = Splits.stratifiedTrainDevTest(config.data().load(), 0.6, 0.2, 0.2, config.seed())
                .standardized();
        int inputs = data.train().numFeatures();
        int classes = data.train().numClasses();
        log.printf("Data: %s, %d features, %d classes; stratified split %d train / %d dev / %d test, standardized "
                + "with the training set's mean and deviation%n", config.data(), inputs, classes, data.train().size(),
                data.dev().size(), data.test().size());

        Sequential model = DemoNetwork.build(inputs, config.hidden(), classes, config.dropout(), DataType.FLOAT,
                config.seed());
        log.printf("Network (%d parameters, He-normal weights):%n%s%n", model.parameterCount(), model);

        Optional<DemoGradientCheck.Reports> gradCheck = Optional.empty();
        if (config.gradCheck()) {
            log.printf("%nGradient check (DOUBLE copy, same seed; dropout off; L2 included; random initialization; "
                    + "%d examples):%n", DemoGradientCheck.BATCH);
            DemoGradientCheck.Reports reports = DemoGradientCheck.run(config, data.train());
            log.println("All " + model.parameterCount() + " parameters, fast mode: " + reports.allParameters());
            log.println("Output layer, every element: " + reports.outputLayer());
            gradCheck = Optional.of(reports);
        }

        long m = data.train().size();
        Trainer.Builder builder = Trainer.builder(model, new Adam(model.parameters(), config.learningRate()),
                        Losses::crossEntropy)
                .epochs(config.epochs()).batchSize(config.batchSize()).seed(config.seed())
                .penalty(() -> Regularization.l2(model, config.l2(), m))
                .schedule(Schedules.inverseTimeDecay(config.learningRate(), config.decay()))
                .earlyStopping(new EarlyStopping(config.patience(), 1e-4))
                .callback(new EpochLog(log, config.epochs()));
        if (config.progressBar() != null) {
            builder.progressBar(config.progressBar());
        }
        Trainer trainer = builder.build();
        log.printf("%nTraining: Adam α₀ = %s with α = α₀/(1 + %s·epoch), mini-batches of %d, L2 λ = %s, dropout %s, "
                + "early stopping after %d epochs without a better dev loss (at most %d epochs)%n",
                config.learningRate(), config.decay(), config.batchSize(), config.l2(), config.dropout(),
                config.patience(), config.epochs());
        History history = trainer.fit(data.train(), data.dev());
        log.printf("Stopped: %s after %d epochs; kept the weights of epoch %d (lowest dev loss)%n",
                history.stopReason(), history.size(), history.restoredEpoch() + 1);

        double train = trainer.evaluate(data.train()).metric();
        double dev = trainer.evaluate(data.dev()).metric();
        double test = trainer.evaluate(data.test()).metric();
        BiasVarianceDiagnosis diagnosis = trainer.diagnose(data.train(), data.dev(), BASE_ERROR);
        log.printf("%nAccuracy: train %.2f%%, dev %.2f%%, test %.2f%%%n", 100 * train, 100 * dev, 100 * test);
        log.println("Bias/variance (base error " + BASE_ERROR + "): " + diagnosis.message());

        Path curves = LearningCurves.save(history, config.data().cliName(),
                config.outputDir().resolve("learning-curves.png"));
        Path checkpoint = config.outputDir().resolve("model.npz");
        model.save(checkpoint);
        Sequential reloaded = DemoNetwork.build(inputs, config.hidden(), classes, config.dropout(), DataType.FLOAT,
                config.seed() + 12345);
        reloaded.load(checkpoint);
        double reloadedTest = Trainer.builder(reloaded, new Adam(reloaded.parameters(), config.learningRate()),
                Losses::crossEntropy).build().evaluate(data.test()).metric();
        log.printf("Checkpoint reloaded into a fresh network: test accuracy %.2f%%%n", 100 * reloadedTest);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf("%nWrote to %s:%n  %s (learning curves)%n  %s (checkpoint: Module.load(path), or numpy.load)%n"
                + "Done in %.1f s%n", config.outputDir().toAbsolutePath(), curves.getFileName(),
                checkpoint.getFileName(), seconds);
        return new Result(gradCheck, history, train, dev, test, reloadedTest, diagnosis, curves, checkpoint, seconds);
    }
}
