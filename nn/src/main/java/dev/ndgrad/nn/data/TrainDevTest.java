package dev.ndgrad.nn.data;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The three sets of the lecture notes: train (to fit the parameters), dev (to choose between models and
 * hyperparameters, and for early stopping) and test (an unbiased estimate of the chosen model).
 *
 * @param train the training set
 * @param dev the development (hold-out, validation) set
 * @param test the test set
 */
public record TrainDevTest(Dataset train, Dataset dev, Dataset test) {

    public TrainDevTest {
        checkNotNull(train, "TrainDevTest: train");
        checkNotNull(dev, "TrainDevTest: dev");
        checkNotNull(test, "TrainDevTest: test");
    }

    /**
     * The three sets with standardized features, using the mean and standard deviation of the <em>training</em>
     * set for all three: the dev and test sets must go through exactly the same transformation as the training
     * data, and their own statistics must not leak into the model.
     */
    public TrainDevTest standardized() {
        return standardizedWith(StandardScaler.fit(train));
    }

    /** The three sets transformed by {@code scaler} (fitted on the training set by the caller). */
    public TrainDevTest standardizedWith(StandardScaler scaler) {
        return new TrainDevTest(scaler.transform(train), scaler.transform(dev), scaler.transform(test));
    }
}
