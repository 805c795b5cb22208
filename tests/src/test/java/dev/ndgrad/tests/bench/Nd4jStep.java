package dev.ndgrad.tests.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A workload's step written by hand on ND4J as well as ND4J allows: every array preallocated, products by gemm
 * into preallocated results with transpose flags (no transposed copies), activations in place, the loss's
 * gradient by its closed form ({@code (softmax − onehot)/n}, {@code (a − y)/n}), and the update by BLAS axpy.
 * This is the floor for code that goes through ND4J op by op.
 */
final class Nd4jStep implements Runnable {

    private final Workload workload;
    private final INDArray x;
    private final INDArray target;      // one-hot [batch, classes], or 0/1 [batch, 1]
    private final INDArray[] w;
    private final INDArray[] b;
    private final INDArray[] a;         // a[l+1] = activation of layer l (in place over its pre-activation)
    private final INDArray[] dz;
    private final INDArray[] da;
    private final INDArray[] dw;
    private final INDArray[] db;
    private final INDArray[] mask;
    private final INDArray rowMax;
    private final INDArray rowSum;
    double loss;

    Nd4jStep(Workload workload) {
        this.workload = workload;
        int n = workload.batch;
        int layers = workload.layers();
        x = Nd4j.createFromArray(workload.inputs()).reshape(n, workload.widths[0]);
        long[] labels = workload.labels();
        int classes = workload.widths[layers];
        target = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            if (workload.binary) {
                target.putScalar(i, 0, labels[i]);
            } else {
                target.putScalar(i, labels[i], 1.0);
            }
        }
        w = new INDArray[layers];
        b = new INDArray[layers];
        a = new INDArray[layers + 1];
        dz = new INDArray[layers];
        da = new INDArray[layers];
        dw = new INDArray[layers];
        db = new INDArray[layers];
        mask = new INDArray[layers];
        a[0] = x;
        for (int l = 0; l < layers; l++) {
            int in = workload.widths[l];
            int out = workload.widths[l + 1];
            w[l] = Nd4j.createFromArray(workload.weight(l)).reshape(out, in);
            b[l] = Nd4j.zeros(DataType.FLOAT, out);
            a[l + 1] = Nd4j.zeros(DataType.FLOAT, n, out);
            dz[l] = Nd4j.zeros(DataType.FLOAT, n, out);
            da[l] = Nd4j.zeros(DataType.FLOAT, n, in);
            dw[l] = Nd4j.zeros(DataType.FLOAT, out, in);
            db[l] = Nd4j.zeros(DataType.FLOAT, out);
            mask[l] = Nd4j.zeros(DataType.FLOAT, n, out);
        }
        rowMax = Nd4j.zeros(DataType.FLOAT, n);
        rowSum = Nd4j.zeros(DataType.FLOAT, n);
    }

    @Override
    public void run() {
        int layers = workload.layers();
        int n = workload.batch;
        for (int l = 0; l < layers; l++) {
            Nd4j.gemm(a[l], w[l], a[l + 1], false, true, 1.0, 0.0);
            a[l + 1].addiRowVector(b[l]);
            if (l < layers - 1) {
                if (workload.binary) {
                    Transforms.tanh(a[l + 1], false);
                } else {
                    Transforms.relu(a[l + 1], false);
                }
            }
        }
        INDArray out = a[layers];
        INDArray g = dz[layers - 1];
        if (workload.binary) {
            Transforms.sigmoid(out, false);
            // L = −mean(y ln a + (1 − y) ln(1 − a));  ∂L/∂z = (a − y)/n
            INDArray logs = Transforms.log(out, true).muli(target)
                    .addi(Transforms.log(out.rsub(1), false).muli(target.rsub(1)));
            loss = -logs.sumNumber().doubleValue() / n;
            g.assign(out).subi(target).muli(1.0 / n);
        } else {
            // softmax in place: z − max, exp, / sum;  L = mean(−ln p[label]);  ∂L/∂z = (p − onehot)/n
            Nd4j.exec(new Max(out, rowMax, 1));
            out.subiColumnVector(rowMax);
            Transforms.exp(out, false);
            out.sum(rowSum, 1);
            out.diviColumnVector(rowSum);
            loss = -Transforms.log(out.mul(target).sum(1), false).sumNumber().doubleValue() / n;
            g.assign(out).subi(target).muli(1.0 / n);
        }
        for (int l = layers - 1; l >= 0; l--) {
            Nd4j.gemm(dz[l], a[l], dw[l], true, false, 1.0, 0.0);
            dz[l].sum(db[l], 0);
            if (l > 0) {
                Nd4j.gemm(dz[l], w[l], da[l], false, false, 1.0, 0.0);
                INDArray prev = a[l];
                if (workload.binary) {
                    // ∂z = ∂a ⊙ (1 − a²)
                    mask[l - 1].assign(prev).muli(prev).rsubi(1);
                } else {
                    Nd4j.exec(new Step(prev, mask[l - 1], 0.0));
                }
                dz[l - 1].assign(da[l]).muli(mask[l - 1]);
            }
        }
        for (int l = 0; l < layers; l++) {
            Nd4j.getBlasWrapper().level1().axpy(w[l].length(), -Workload.LR, dw[l], w[l]);
            Nd4j.getBlasWrapper().level1().axpy(b[l].length(), -Workload.LR, db[l], b[l]);
        }
    }
}
