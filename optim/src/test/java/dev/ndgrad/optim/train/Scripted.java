package dev.ndgrad.optim.train;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.Parameter;
import dev.ndgrad.nn.data.Dataset;
import dev.ndgrad.optim.Optimizer;
import dev.ndgrad.optim.ParamGroup;
import dev.ndgrad.optim.ParamState;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test doubles with a known dev curve: a one-weight model and an optimizer whose steps follow a script. */
final class Scripted {

    private Scripted() {
    }

    /** {@code ŷ = x · w} with one weight {@code w} ([1, 1]). */
    static class OneWeight extends Module {
        final Parameter w = param("w", Tensor.zeros(DataType.FLOAT, 1, 1));

        @Override
        public Tensor forward(Tensor x) {
            return x.matmul(w.get());
        }

        double weight() {
            return w.get().item();
        }
    }

    /** x = 1, y = 0 (4 examples): with {@link #squaredError} the loss of a {@link OneWeight} is {@code w²}. */
    static Dataset onesToZeros() {
        return Dataset.regression(Nd4j.ones(DataType.FLOAT, 4, 1), Nd4j.zeros(DataType.FLOAT, 4));
    }

    static Tensor squaredError(Tensor prediction, Tensor target) {
        return prediction.sub(target).square().mean();
    }

    /** Step {@code t} (from 1) sets the weight to {@code script[t - 1]}; records the rates set and zeroGrad calls. */
    static final class ScriptedOptimizer extends Optimizer {
        private final double[] script;
        final List<Double> ratesSet = new ArrayList<>();
        int steps;
        int zeroGrads;

        ScriptedOptimizer(OneWeight model, double... script) {
            super("ScriptedOptimizer", singleGroup(model.parameters()), 0.1, 0, List.of());
            this.script = script;
        }

        @Override
        protected void update(ParamGroup group, Storage param, Storage grad, ParamState state) {
            double value = script[(int) Math.min(state.step() - 1, script.length - 1)];
            Kernels.assign(param, Kernels.full(param.dtype(), param.shape(), value));
            steps++;
        }

        @Override
        public void zeroGrad() {
            zeroGrads++;
            super.zeroGrad();
        }

        @Override
        public void setLearningRate(double rate) {
            ratesSet.add(rate);
            super.setLearningRate(rate);
        }
    }
}
