package dev.ndgrad.tests.bench;

import java.util.Random;

/**
 * The three training steps the core is measured on (issue "Core v2"): forward, loss, backward and a plain SGD
 * update, float32, the same networks and data for every implementation.
 *
 * <ul>
 *   <li>{@code mlp}: 784-256-128-10, ReLU, softmax cross-entropy, batch 128;
 *   <li>{@code tiny}: 2-4-1, tanh then sigmoid, binary cross-entropy on probabilities, batch 400 (the planar network);
 *   <li>{@code deep}: 64 inputs, 10 hidden layers of 64 ReLU, 10 classes, cross-entropy, batch 64.
 * </ul>
 */
enum Workload {
    MLP(128, new int[] {784, 256, 128, 10}, false),
    TINY(400, new int[] {2, 4, 1}, true),
    DEEP(64, new int[] {64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 10}, false);

    static final double LR = 0.01;

    final int batch;
    final int[] widths;
    /** tanh hidden layers, sigmoid output and binary cross-entropy; else ReLU and softmax cross-entropy. */
    final boolean binary;

    Workload(int batch, int[] widths, boolean binary) {
        this.batch = batch;
        this.widths = widths;
        this.binary = binary;
    }

    int layers() {
        return widths.length - 1;
    }

    /** The input batch, row-major {@code [batch, widths[0]]}, standard normal. */
    float[] inputs() {
        Random random = new Random(11);
        float[] x = new float[batch * widths[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** Class indices in {@code [0, classes)}, or 0/1 targets for the binary workload. */
    long[] labels() {
        Random random = new Random(12);
        long[] y = new long[batch];
        int classes = binary ? 2 : widths[widths.length - 1];
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(classes);
        }
        return y;
    }

    /** Layer {@code l}'s weight {@code [out, in]} (He or Xavier scaled normal), row-major. */
    float[] weight(int l) {
        Random random = new Random(100 + l);
        int in = widths[l];
        int out = widths[l + 1];
        double std = Math.sqrt((binary ? 1.0 : 2.0) / in);
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        return w;
    }

    /** Floating-point operations of one step's matrix products (forward, and backward except ∂x of layer 0). */
    double gemmFlops() {
        double flops = 0;
        for (int l = 0; l < layers(); l++) {
            double product = 2.0 * batch * widths[l] * widths[l + 1];
            flops += product * (l == 0 ? 2 : 3);
        }
        return flops;
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
