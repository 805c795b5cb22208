package dev.ndgrad.optim.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.ndgrad.nn.Module;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Early stopping on the dev loss: stop when it has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row, and put back the weights of the best epoch. As the lecture notes say, one run
 * then tries small, mid-size and large weights; the price is that the training cost is no longer minimized on its
 * own terms.
 *
 * <p>Epoch {@code e} improves when {@code devLoss_e < best − minDelta} (the first finite loss always does); a NaN
 * loss never improves. Immutable configuration; {@link #start()} gives the per-run {@link Monitor}.
 */
public final class EarlyStopping {

    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;

    /**
     * @param patience epochs without improvement before stopping, at least 1
     * @param minDelta how much lower than the best a dev loss must be to count as an improvement, at least 0
     */
    public EarlyStopping(int patience, double minDelta) {
        this(patience, minDelta, true);
    }

    private EarlyStopping(int patience, double minDelta, boolean restoreBest) {
        checkArgument(patience >= 1, "EarlyStopping: patience must be >= 1, got %s", patience);
        checkArgument(minDelta >= 0 && Double.isFinite(minDelta), "EarlyStopping: minDelta must be >= 0, got %s",
                minDelta);
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
    }

    /** The same rule, restoring the best weights at the end or not (the default is to restore them). */
    public EarlyStopping restoreBestWeights(boolean restore) {
        return new EarlyStopping(patience, minDelta, restore);
    }

    public int patience() {
        return patience;
    }

    public double minDelta() {
        return minDelta;
    }

    public boolean restoresBestWeights() {
        return restoreBest;
    }

    /** A fresh monitor for one training run. */
    public Monitor start() {
        return new Monitor();
    }

    @Override
    public String toString() {
        return "EarlyStopping[patience=" + patience + ", minDelta=" + minDelta + ", restoreBest=" + restoreBest + "]";
    }

    /** Follows one run's dev losses and keeps a copy of the best epoch's weights. */
    public final class Monitor {
        private int bestEpoch = -1;
        private double bestLoss = Double.POSITIVE_INFINITY;
        private int sinceBest;
        private Map<String, INDArray> bestState;

        private Monitor() {
        }

        /**
         * Records epoch {@code epoch}'s dev loss; on an improvement, copies the model's weights.
         *
         * @return true when training should stop: {@code patience} epochs in a row without improvement
         */
        public boolean update(int epoch, double devLoss, Module model) {
            checkNotNull(model, "EarlyStopping: model");
            if (devLoss < bestLoss - minDelta || (bestEpoch < 0 && Double.isFinite(devLoss))) {
                bestEpoch = epoch;
                bestLoss = devLoss;
                sinceBest = 0;
                if (restoreBest) {
                    bestState = model.stateDict();
                }
            } else {
                sinceBest++;
            }
            return sinceBest >= patience;
        }

        /** The best epoch so far, -1 before the first finite dev loss. */
        public int bestEpoch() {
            return bestEpoch;
        }

        /** The best dev loss so far ({@code +∞} before the first). */
        public double bestLoss() {
            return bestLoss;
        }

        /** Epochs since the best one. */
        public int epochsWithoutImprovement() {
            return sinceBest;
        }

        /**
         * Loads the best epoch's weights into {@code model} (when restoring is on and there was a best epoch).
         *
         * @return the restored epoch, or -1 if nothing was restored
         */
        public int restoreBest(Module model) {
            if (!restoreBest || bestState == null) {
                return -1;
            }
            model.loadStateDict(bestState);
            return bestEpoch;
        }
    }
}
