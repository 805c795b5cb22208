package dev.ndgrad.tests.bench;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.nn.Linear;
import dev.ndgrad.nn.Losses;
import dev.ndgrad.nn.Module;
import dev.ndgrad.nn.ReLU;
import dev.ndgrad.nn.Sequential;
import dev.ndgrad.nn.Sigmoid;
import dev.ndgrad.nn.Tanh;
import dev.ndgrad.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** A workload's step through ndgrad's public API: {@code Sequential} of {@code Linear}s, {@code Losses}, {@code SGD}. */
final class NdgradStep implements Runnable {

    private final Workload workload;
    private final Module model;
    private final SGD sgd;
    private final Tensor x;
    private final Tensor y;
    double loss;

    NdgradStep(Workload workload) {
        this.workload = workload;
        List<Module> layers = new ArrayList<>();
        for (int l = 0; l < workload.layers(); l++) {
            Linear linear = new Linear(workload.widths[l], workload.widths[l + 1], true, DataType.FLOAT, l);
            float[] w = workload.weight(l);
            double[] values = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                values[i] = w[i];
            }
            linear.weight().updateStorage(s -> Kernels.assign(s,
                    Kernels.fromDoubles(DataType.FLOAT, values, linear.weight().shape())));
            layers.add(linear);
            boolean last = l == workload.layers() - 1;
            if (!last) {
                layers.add(workload.binary ? new Tanh() : new ReLU());
            } else if (workload.binary) {
                layers.add(new Sigmoid());
            }
        }
        model = new Sequential(layers.toArray(new Module[0]));
        sgd = new SGD(model.parameters(), Workload.LR);
        float[] inputs = workload.inputs();
        double[] xs = new double[inputs.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = inputs[i];
        }
        x = Tensor.of(Kernels.fromDoubles(DataType.FLOAT, xs, workload.batch, workload.widths[0]));
        long[] labels = workload.labels();
        if (workload.binary) {
            double[] t = new double[labels.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = labels[i];
            }
            y = Tensor.of(Kernels.fromDoubles(DataType.FLOAT, t, workload.batch, 1));
        } else {
            y = Tensor.indices(labels);
        }
    }

    @Override
    public void run() {
        sgd.zeroGrad();
        Tensor out = model.forward(x);
        Tensor l = workload.binary ? Losses.binaryCrossEntropy(out, y) : Losses.crossEntropy(out, y);
        l.backward();
        sgd.step();
        loss = l.item();
    }
}
