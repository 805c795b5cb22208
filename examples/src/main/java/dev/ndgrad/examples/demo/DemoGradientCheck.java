package dev.ndgrad.examples.demo;

import dev.ndgrad.autograd.GradCheck;
import dev.ndgrad.autograd.GradCheckResult;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Regularization;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.data.Batch;
import dev.ndgrad.nn.data.Dataset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The seeds' gradient-checking recipe applied to the demo's network: in DOUBLE precision (a copy of the
 * network built from the same seed), with dropout off ({@code eval()}, since a random mask changes the cost
 * between the two sides of a difference), with the L2 term included (it is part of the cost), at random
 * initialization, on a small batch of training examples.
 *
 * <p>Two checks: the fast one compares directional derivatives {@code ⟨∇J, u⟩} along random directions
 * {@code u} through <em>every</em> parameter at once; the full one compares every element of the output
 * layer's gradient, where a wrong gradient would be reported element by element.
 */
final class DemoGradientCheck {

    /** The two reports, and whether both passed. */
    record Reports(GradCheckResult allParameters, GradCheckResult outputLayer) {
        boolean passed() {
            return allParameters.passed() && outputLayer.passed();
        }
    }

    static final int BATCH = 16;

    private DemoGradientCheck() {}

    static Reports run(DemoConfig config, Dataset train) {
        Sequential network = DemoNetwork.build(train.numFeatures(), config.hidden(), train.numClasses(),
                config.dropout(), DataType.DOUBLE, config.seed());
        network.eval();
        Batch batch = train.to(DataType.DOUBLE).batch(IntStream.range(0, Math.min(BATCH, train.size())).toArray());
        long m = train.size();
        Function<List<Tensor>, Tensor> cost = ignored -> Losses.crossEntropy(network.forward(batch.features()),
                batch.labels()).add(Regularization.l2(network, config.l2(), m));
        GradCheckResult all = GradCheck.check(cost, network.parameters(),
                GradCheck.Options.defaults().withDirections(config.gradCheckDirections()).withSeed(config.seed()));
        Linear output = (Linear) network.get(network.size() - 1);
        GradCheckResult outputLayer = GradCheck.check(cost, List.of(output.weight(), output.bias()));
        return new Reports(all, outputLayer);
    }
}
