package dev.ndgrad.examples.fashion;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.nn.data.DataLoader;
import dev.ndgrad.nn.data.Dataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A classifier's answers on a labelled data set: the predicted class of every example ({@code argmax} of its
 * logits) beside the true one, from which the accuracy overall and per class, and the examples it got wrong.
 */
public final class ClassPredictions {

    /** Examples per forward pass: it changes no result, only the memory used. */
    private static final int BATCH = 1000;

    private final int[] predicted;
    private final int[] expected;
    private final List<String> classNames;

    private ClassPredictions(int[] predicted, int[] expected, List<String> classNames) {
        this.predicted = predicted;
        this.expected = expected;
        this.classNames = classNames;
    }

    /**
     * Runs {@code model} over {@code data} in evaluation mode without recording the graph (the model's mode is
     * restored afterwards). The features are converted to the dtype of the model's parameters.
     */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static ClassPredictions of(Module model, Dataset data) {
        checkArgument(data.isClassification(), "ClassPredictions: %s has no classes", data);
        Dataset converted = model.parameters().isEmpty() ? data : data.to(model.parameters().get(0).dtype());
        int[] predicted = new int[data.size()];
        int[] expected = new int[data.size()];
        int next = 0;
        boolean training = model.isTraining();
        model.eval();
        try (var noGrad = Autograd.noGrad()) {
            for (Batch batch : DataLoader.sequential(converted, BATCH)) {
                double[] p = model.forward(batch.features()).argmax(1).toDoubleArray();
                double[] y = batch.labels().toDoubleArray();
                for (int i = 0; i < y.length; i++, next++) {
                    predicted[next] = (int) p[i];
                    expected[next] = (int) y[i];
                }
            }
        } finally {
            model.train(training);
        }
        List<String> names = data.classNames().isEmpty()
                ? IntStream.range(0, data.numClasses()).mapToObj(String::valueOf).toList() : data.classNames();
        return new ClassPredictions(predicted, expected, names);
    }

    /** The number of examples. */
    public int size() {
        return expected.length;
    }

    /** The class predicted for example {@code i}. */
    public int predicted(int i) {
        return predicted[i];
    }

    /** The true class of example {@code i}. */
    public int expected(int i) {
        return expected[i];
    }

    /** The class names, in label order. */
    public List<String> classNames() {
        return classNames;
    }

    /** The fraction of the examples predicted right. */
    public double accuracy() {
        return (double) (size() - wrong().length) / size();
    }

    /** The fraction of each class's examples predicted right, by class name in label order (NaN for an absent class). */
    public Map<String, Double> accuracyByClass() {
        long[] correct = new long[classNames.size()];
        long[] total = new long[classNames.size()];
        for (int i = 0; i < size(); i++) {
            total[expected[i]]++;
            correct[expected[i]] += predicted[i] == expected[i] ? 1 : 0;
        }
        Map<String, Double> byClass = new LinkedHashMap<>();
        for (int k = 0; k < classNames.size(); k++) {
            byClass.put(classNames.get(k), total[k] == 0 ? Double.NaN : (double) correct[k] / total[k]);
        }
        return byClass;
    }

    /** The indices of the examples predicted wrong, in increasing order. */
    public int[] wrong() {
        return IntStream.range(0, size()).filter(i -> predicted[i] != expected[i]).toArray();
    }
}
