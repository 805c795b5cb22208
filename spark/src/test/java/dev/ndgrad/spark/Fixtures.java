package dev.ndgrad.spark;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.Tanh;
import dev.ndgrad.nn.data.Dataset;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/** Small data sets and models whose results are reproducible from their seeds. */
final class Fixtures {

    static final int FEATURES = 8;
    static final int CLASSES = 3;

    private Fixtures() {}

    /**
     * {@code n} examples of {@value #FEATURES} standard-normal features in {@code dtype}, labelled by the argmax of
     * a fixed random linear map plus noise: learnable, not separable.
     */
    static Dataset classes(int n, DataType dtype, long seed) {
        Random random = new Random(seed);
        Tensor x = Tensor.randn(random, DataType.DOUBLE, n, FEATURES);
        Tensor w = Tensor.randn(new Random(99), DataType.DOUBLE, FEATURES, CLASSES);
        Tensor scores = x.matmul(w).add(Tensor.randn(random, DataType.DOUBLE, n, CLASSES).mul(0.5));
        return Dataset.classification(x.to(dtype).data(), scores.argmax(1).data());
    }

    /** A 8-16-3 tanh network in {@code dtype}, its weights fixed by its own seeds (the same on every call). */
    static ModelFactory mlp(DataType dtype) {
        return () -> new Sequential(new Linear(FEATURES, 16, true, dtype, 11), new Tanh(),
                new Linear(16, CLASSES, true, dtype, 12));
    }
}
