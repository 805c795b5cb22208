package dev.ndgrad.nn.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A random change of a mini-batch's features (data augmentation), applied by the {@link DataLoader} to every
 * training batch with a generator seeded from the loader's seed, the epoch and the batch's position, so a run is
 * reproducible.
 */
@FunctionalInterface
public interface BatchTransform {

    /**
     * Returns the transformed features.
     *
     * @param features {@code [b, d]}; may be the data set's own array, so it must not be changed in place
     * @param random the batch's seeded generator
     * @return a new array of the same shape and dtype
     */
    INDArray apply(INDArray features, Random random);
}
