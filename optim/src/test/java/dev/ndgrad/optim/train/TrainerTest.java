package dev.ndgrad.optim.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Parameter;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.LearningRateSchedule;
import dev.ndgrad.optim.SGD;
import dev.ndgrad.optim.train.Scripted.OneWeight;
import dev.ndgrad.optim.train.Scripted.ScriptedOptimizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TrainerTest {

    private static Trainer.Builder trainer(OneWeight model, ScriptedOptimizer optimizer) {
        return Trainer.builder(model, optimizer, Scripted::squaredError).batchSize(4).progressBar(false);
    }

    @Test
    void earlyStoppingStopsOnACraftedDevCurveAndRestoresTheBestEpoch() {
        OneWeight model = new OneWeight();
        // after epoch e the weight is script[e], so the dev loss is script[e]²: 9, 4, 1, 2.25, 4, 6.25, ...
        ScriptedOptimizer optimizer = new ScriptedOptimizer(model, 3, 2, 1, 1.5, 2, 2.5, 3, 3.5);
        Dataset data = Scripted.onesToZeros();
        History h = trainer(model, optimizer).epochs(8).earlyStopping(new EarlyStopping(3, 0)).build()
                .fit(data, data);

        assertEquals(StopReason.EARLY_STOPPED, h.stopReason());
        assertEquals(6, h.size(), "epochs 3, 4, 5 do not improve on epoch 2: stop after epoch 5");
        assertArrayEquals(new double[] {9, 4, 1, 2.25, 4, 6.25}, h.devLosses(), 1e-6);
        assertArrayEquals(new double[] {0, 9, 4, 1, 2.25, 4}, h.trainLosses(), 1e-6, "measured before each step");
        assertEquals(2, h.bestEpoch());
        assertEquals(2, h.restoredEpoch());
        assertEquals(1.0, model.weight(), 1e-7, "the weight of epoch 2 is back");
        assertFalse(model.isTraining(), "left in evaluation mode");
        assertEquals(6, optimizer.steps);
        assertEquals(6, optimizer.zeroGrads);
        assertTrue(Double.isNaN(h.last().trainMetric()), "no metric for regression");
        assertTrue(h.toString().endsWith("early stopped after 6 epoch(s), weights of epoch 2 restored"),
                h.toString());
    }

    @Test
    void withoutEarlyStoppingAllEpochsRunAndTheLastWeightsStay() {
        OneWeight model = new OneWeight();
        History h = trainer(model, new ScriptedOptimizer(model, 3, 2, 1, 1.5)).epochs(4).build()
                .fit(Scripted.onesToZeros());
        assertEquals(StopReason.COMPLETED, h.stopReason());
        assertEquals(4, h.size());
        assertEquals(-1, h.bestEpoch());
        assertEquals(-1, h.restoredEpoch());
        assertTrue(Double.isNaN(h.devLosses()[0]));
        assertEquals(1.5, model.weight(), 1e-7);
        assertTrue(h.last().examplesPerSecond() > 0 && h.last().seconds() > 0);
    }

    @Test
    void scheduleSetsTheRatePerEpochOrPerStep() {
        OneWeight model = new OneWeight();
        ScriptedOptimizer perEpoch = new ScriptedOptimizer(model, 0);
        History h = trainer(model, perEpoch).epochs(3).schedule(epoch -> 1.0 / epoch).build()
                .fit(Scripted.onesToZeros());
        assertEquals(List.of(1.0, 0.5, 1.0 / 3), perEpoch.ratesSet);
        assertArrayEquals(new double[] {1.0, 0.5, 1.0 / 3}, h.learningRates(), 1e-12);

        ScriptedOptimizer perStep = new ScriptedOptimizer(model, 0);
        History steps = trainer(model, perStep).batchSize(1).epochs(2).schedule(t -> 10.0 + t, ScheduleUnit.STEP)
                .build().fit(Scripted.onesToZeros());
        assertEquals(List.of(11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0), perStep.ratesSet, "steps count from 1");
        assertArrayEquals(new double[] {11, 15}, steps.learningRates(), "the rate of each epoch's first step");

        ScriptedOptimizer declared = new ScriptedOptimizer(model, 0);
        LearningRateSchedule perStepSchedule = new LearningRateSchedule() {
            @Override
            public double rate(int t) {
                return t;
            }

            @Override
            public boolean perStep() {
                return true;
            }
        };
        trainer(model, declared).batchSize(2).epochs(2).schedule(perStepSchedule).build().fit(Scripted.onesToZeros());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), declared.ratesSet, "a schedule that counts steps runs per step");
    }

    @Test
    void callbacksSeeEveryStepAndEpochAndCanStop() {
        OneWeight model = new OneWeight();
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public boolean onEpochEnd(EpochRecord record, History history) {
                events.add("epoch " + record.epoch() + " of " + history.size());
                return record.epoch() == 1;
            }

            @Override
            public void onStepEnd(long step, double loss) {
                events.add("step " + step);
            }

            @Override
            public void onTrainEnd(History history) {
                events.add("end " + history.stopReason());
            }
        };
        History h = trainer(model, new ScriptedOptimizer(model, 1, 2, 3)).batchSize(2).epochs(5).callback(recorder)
                .build().fit(Scripted.onesToZeros());
        assertEquals(List.of("step 0", "step 1", "epoch 0 of 1", "step 2", "step 3", "epoch 1 of 2",
                "end STOPPED_BY_CALLBACK"), events);
        assertEquals(2, h.size());
    }

    @Test
    void aNonFiniteLossStopsTrainingWithoutAStepAndKeepsTheBestWeights() {
        OneWeight model = new OneWeight();
        ScriptedOptimizer optimizer = new ScriptedOptimizer(model, 1, Double.NaN);
        Dataset data = Scripted.onesToZeros();
        History h = trainer(model, optimizer).epochs(10).earlyStopping(new EarlyStopping(5, 0)).build()
                .fit(data, data);
        assertEquals(StopReason.DIVERGED, h.stopReason());
        assertEquals(3, h.size());
        assertTrue(Double.isNaN(h.last().trainLoss()) && Double.isNaN(h.last().devLoss()));
        assertEquals(2, optimizer.steps, "no step with a NaN loss");
        assertEquals(0, h.restoredEpoch());
        assertEquals(1.0, model.weight(), 1e-7);
    }

    /** {@code x ↦ x·√w}: at {@code w = 0} the forward pass and the loss are finite, but √'s gradient is not. */
    static final class SqrtWeight extends Module {
        final Parameter w = param("w", Tensor.zeros(DataType.DOUBLE, 1, 1));

        @Override
        public Tensor forward(Tensor x) {
            return x.matmul(w.get().sqrt());
        }
    }

    @Test
    void withoutAnomalyDetectionANanGradientOfAFiniteLossIsWrittenIntoTheWeights() {
        SqrtWeight model = new SqrtWeight();
        History h = Trainer.builder(model, new SGD(model.parameters(), 0.1), Scripted::squaredError).batchSize(4)
                .epochs(1).progressBar(false).build().fit(Scripted.onesToZeros());
        assertEquals(StopReason.COMPLETED, h.stopReason());
        assertTrue(Double.isNaN(model.w.get().item()), "the NaN gradient went into the weight");
    }

    @Test
    void anomalyDetectionStopsBeforeTheStepWithTheReport() {
        SqrtWeight model = new SqrtWeight();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        History h = Trainer.builder(model, new SGD(model.parameters(), 0.1), Scripted::squaredError).batchSize(4)
                .epochs(3).progress(ProgressDisplay.LINES).progressOutput(new PrintStream(out, true, StandardCharsets.UTF_8))
                .detectAnomaly(true).build().fit(Scripted.onesToZeros());
        assertEquals(StopReason.ANOMALY, h.stopReason());
        assertEquals(0.0, model.w.get().item(), "no step was taken: the weight is untouched");
        assertEquals(1, h.size());
        String report = h.anomaly().orElseThrow();
        assertTrue(report.startsWith("the backward of sqrt returned NaN"), report);
        assertTrue(report.contains("in the gradient of its input 0 [1, 1]"), report);
        assertTrue(report.contains("applied in the forward pass at dev.ndgrad.optim.train.TrainerTest$SqrtWeight"
                + ".forward(TrainerTest.java:"), report);
        assertTrue(h.toString().endsWith("anomaly after 1 epoch(s): " + report), h.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("stopped before the optimizer's step: " + report),
                out.toString(StandardCharsets.UTF_8));
        assertFalse(Autograd.isAnomalyEnabled(), "anomaly mode ends with the step");
    }

    @Test
    void anomalyDetectionChangesNothingWhenEveryValueIsFinite() {
        Sequential plain = new Sequential(new Linear(3, 4, true, DataType.DOUBLE, 1L), new Linear(4, 1, true,
                DataType.DOUBLE, 2L));
        Sequential watched = new Sequential(new Linear(3, 4, true, DataType.DOUBLE, 1L), new Linear(4, 1, true,
                DataType.DOUBLE, 2L));
        Dataset data = Dataset.regression(Tensor.randn(new java.util.Random(3), DataType.DOUBLE, 16, 3).data(),
                Tensor.randn(new java.util.Random(4), DataType.DOUBLE, 16).data());
        java.util.function.BiFunction<Tensor, Tensor, Tensor> mse = (p, t) -> p.reshape(-1).sub(t).square().mean();
        History a = Trainer.builder(plain, new SGD(plain.parameters(), 0.05), mse).batchSize(4).epochs(2)
                .progressBar(false).build().fit(data);
        History b = Trainer.builder(watched, new SGD(watched.parameters(), 0.05), mse).batchSize(4).epochs(2)
                .progressBar(false).detectAnomaly(true).build().fit(data);
        assertEquals(StopReason.COMPLETED, b.stopReason());
        assertTrue(b.anomaly().isEmpty());
        assertArrayEquals(a.trainLosses(), b.trainLosses(), 0);
        plain.namedParameters().forEach((name, p) -> assertArrayEquals(p.toDoubleArray(),
                watched.namedParameters().get(name).toDoubleArray(), 0, name));
    }

    @Test
    void thePenaltyIsAddedToTheCostAndRecorded() {
        OneWeight model = new OneWeight();
        SGD gd = new SGD(model.parameters(), 0.1);
        model.w.get().updateData(w -> w.assign(1));
        // J = w² + 0.5 w² → dJ/dw = 3w: w goes 1 → 0.7
        History h = Trainer.builder(model, gd, Scripted::squaredError).batchSize(4).epochs(1).progressBar(false)
                .penalty(() -> model.w.get().square().sum().mul(0.5)).build().fit(Scripted.onesToZeros());
        assertEquals(0.7, model.weight(), 1e-6);
        assertEquals(0.5, h.last().penalty(), 1e-6);
        assertEquals(1.0, h.last().trainLoss(), 1e-6, "the data loss alone");
    }

    @Test
    void evaluationRunsInEvalModeWithoutGradientsAndRestoresTheMode() {
        List<String> seen = new ArrayList<>();
        OneWeight spy = new OneWeight() {
            @Override
            public Tensor forward(Tensor x) {
                seen.add((isTraining() ? "train" : "eval") + (Autograd.isGradEnabled() ? "+grad" : ""));
                return super.forward(x);
            }
        };
        Trainer t = Trainer.builder(spy, new ScriptedOptimizer(spy, 0.5), Scripted::squaredError).batchSize(4)
                .evalBatchSize(3).epochs(1).progressBar(false).build();
        spy.train();
        Evaluation e = t.evaluate(Scripted.onesToZeros().to(DataType.DOUBLE));
        assertEquals(List.of("eval", "eval"), seen, "4 examples in evaluation batches of 3");
        assertTrue(spy.isTraining());
        assertEquals(0.0, e.loss());
        assertEquals(4, e.examples());
        seen.clear();
        t.fit(Scripted.onesToZeros(), Scripted.onesToZeros());
        assertEquals(List.of("train+grad", "eval", "eval"), seen);
    }

    @Test
    void augmentationChangesTrainingBatchesOnly() {
        List<String> seen = new ArrayList<>();
        OneWeight spy = new OneWeight() {
            @Override
            public Tensor forward(Tensor x) {
                seen.add((isTraining() ? "train " : "eval ") + x.data().getDouble(0, 0));
                return super.forward(x);
            }
        };
        Trainer.builder(spy, new ScriptedOptimizer(spy, 0.5), Scripted::squaredError).batchSize(4).epochs(1)
                .progressBar(false).augmentation((x, random) -> x.mul(5)).build()
                .fit(Scripted.onesToZeros(), Scripted.onesToZeros());
        assertEquals(List.of("train 5.0", "eval 1.0"), seen);
    }

    /** The progress output of a 3-epoch run with a dev set, shown as {@code display}. */
    private static String progressOf(ProgressDisplay display) {
        OneWeight model = new OneWeight();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trainer(model, new ScriptedOptimizer(model, 1, 2, 3)).epochs(3).progress(display)
                .progressOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .callback(new Callback() {
                    @Override
                    public void onStepEnd(long step, double loss) {
                        // the bar is drawn every 200 ms from the library's thread: let it draw once per epoch
                        if (display == ProgressDisplay.BAR) {
                            sleep(300);
                        }
                    }
                }).build()
                .fit(Scripted.onesToZeros(), Scripted.onesToZeros());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whereTheOutputIsNotATerminalEachEpochIsOnePlainLine() {
        // a log file, `| tee`, CI: a bar's carriage-return redraws would pile up ("? ex/s", summaries cut off, each
        // epoch printed three times)
        for (String out : List.of(progressOf(ProgressDisplay.AUTO), progressOf(ProgressDisplay.LINES))) {
            assertFalse(out.contains("\r"), out);
            List<String> lines = out.lines().toList();
            assertEquals(3, lines.size(), out);
            for (int e = 0; e < 3; e++) {
                String line = lines.get(e);
                assertTrue(line.startsWith("epoch " + (e + 1) + "/3  loss "), line);
                assertTrue(line.matches(".*\\| dev loss \\d+\\.\\d{4}  lr [0-9.e-]+  \\d+\\.\\d s  [\\d,]+ ex/s"), line);
            }
            assertTrue(lines.get(1).contains("dev loss 4.0000"), "after epoch 2 the weight is 2: " + out);
        }
    }

    @Test
    void inATerminalTheBarRedrawsItsLineAndGivesWayToTheEpochsLine() {
        String out = progressOf(ProgressDisplay.BAR);
        assertTrue(out.contains("\r") && out.contains("epoch 1/3 ") && out.contains("ex (0:00:00)"),
                "a bar, redrawn in place: " + out);
        assertFalse(out.contains("? ex/s"), "the speed of an epoch under a second is shown: " + out);
        // what stays on screen: the text after each line's last carriage return
        List<String> shown = Arrays.stream(out.split("\n")).map(line -> line.substring(line.lastIndexOf('\r') + 1))
                .filter(line -> !line.isBlank()).toList();
        assertEquals(progressOf(ProgressDisplay.LINES).lines().map(line -> line.replaceAll("  [0-9.]+ s  .*", ""))
                .toList(), shown.stream().map(line -> line.replaceAll("  [0-9.]+ s  .*", "")).toList(), out);
    }

    @Test
    void progressCanBeTurnedOff() {
        assertEquals("", progressOf(ProgressDisplay.OFF));
    }

    @Test
    void rejectsInconsistentConfiguration() {
        OneWeight model = new OneWeight();
        Trainer withEarlyStopping = trainer(model, new ScriptedOptimizer(model, 1)).earlyStopping(
                new EarlyStopping(2, 0)).build();
        var noDev = assertThrows(IllegalArgumentException.class, () -> withEarlyStopping.fit(Scripted.onesToZeros()));
        assertTrue(noDev.getMessage().contains("early stopping") && noDev.getMessage().contains("needs a dev set"),
                noDev.getMessage());
        Trainer vectorLoss = Trainer.builder(model, new ScriptedOptimizer(model, 1), (y, t) -> y.sub(t))
                .progressBar(false).build();
        var loss = assertThrows(IllegalStateException.class, () -> vectorLoss.fit(Scripted.onesToZeros()));
        assertTrue(loss.getMessage().contains("must be scalars") && loss.getMessage().contains("[4, 1]"),
                loss.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trainer(model, new ScriptedOptimizer(model)).epochs(0));
        assertThrows(IllegalArgumentException.class, () -> trainer(model, new ScriptedOptimizer(model)).batchSize(0));
        assertThrows(NullPointerException.class, () -> Trainer.builder(model, null, Scripted::squaredError));
    }

    /**
     * An optimizer built for another model used to train nothing, silently (the losses never moved); it is
     * refused at build(), naming the first of the model's parameters it does not update.
     */
    @Test
    void anOptimizerThatDoesNotOwnTheModelsParametersIsRefused() {
        Module model = new Sequential(new Linear(2, 3, true, DataType.FLOAT, 1), new Linear(3, 2, true,
                DataType.FLOAT, 2));
        Module other = new Sequential(new Linear(2, 3, true, DataType.FLOAT, 1), new Linear(3, 2, true,
                DataType.FLOAT, 2));
        var foreign = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(model, new SGD(other.parameters(), 0.1), Losses::crossEntropy).build());
        assertTrue(foreign.getMessage().startsWith("Trainer: SGD does not update the model's parameter '0.weight' "
                + "(") && foreign.getMessage().contains("another model"), foreign.getMessage());

        List<Tensor> firstLayer = model.parameters().subList(0, 2);
        var partial = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(model, new SGD(firstLayer, 0.1), Losses::crossEntropy).build());
        assertTrue(partial.getMessage().contains("parameter '1.weight'"), partial.getMessage());

        // Frozen on purpose: not required. Extra tensors (e.g. a learnable loss parameter): allowed.
        model.parameters().subList(2, 4).forEach(p -> p.requiresGrad(false));
        List<Tensor> withExtra = new ArrayList<>(firstLayer);
        withExtra.add(Tensor.zeros(DataType.FLOAT, 1).requiresGrad(true));
        Trainer.builder(model, new SGD(withExtra, 0.1), Losses::crossEntropy).build();
    }
}
