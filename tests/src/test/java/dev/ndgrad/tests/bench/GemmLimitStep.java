package dev.ndgrad.tests.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The gemm limit of a workload's step: only its matrix products, the ones any implementation must do (forward
 * {@code a[l+1] = a[l]·W[l]ᵀ}; backward {@code ∂W[l] = ∂z[l]ᵀ·a[l]} and, except for the first layer,
 * {@code ∂a[l] = ∂z[l]·W[l]}), as {@code cblas_sgemm} calls on preallocated native buffers: no copies, no
 * allocation, nothing else. A step cannot be faster than this with the same BLAS and threads; the target
 * is {@code mlp} within 1.5× of it.
 */
final class GemmLimitStep implements Runnable {

    private final Workload workload;
    private final FloatPointer[] activations;
    private final FloatPointer[] weights;
    private final FloatPointer[] weightGrads;
    private final FloatPointer[] outputGrads;
    private final FloatPointer[] inputGrads;

    GemmLimitStep(Workload workload) {
        this.workload = workload;
        int layers = workload.layers();
        int n = workload.batch;
        activations = new FloatPointer[layers + 1];
        weights = new FloatPointer[layers];
        weightGrads = new FloatPointer[layers];
        outputGrads = new FloatPointer[layers];
        inputGrads = new FloatPointer[layers];
        activations[0] = new FloatPointer(workload.inputs());
        for (int l = 0; l < layers; l++) {
            int in = workload.widths[l];
            int out = workload.widths[l + 1];
            weights[l] = new FloatPointer(workload.weight(l));
            activations[l + 1] = filled((long) n * out, 0.5f);
            weightGrads[l] = filled((long) out * in, 0f);
            outputGrads[l] = filled((long) n * out, 0.01f);
            inputGrads[l] = filled((long) n * in, 0f);
        }
    }

    private static FloatPointer filled(long length, float value) {
        FloatPointer p = new FloatPointer(length);
        for (long i = 0; i < length; i++) {
            p.put(i, value);
        }
        return p;
    }

    @Override
    public void run() {
        int n = workload.batch;
        int layers = workload.layers();
        for (int l = 0; l < layers; l++) {
            int in = workload.widths[l];
            int out = workload.widths[l + 1];
            openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, out, in, 1f, activations[l], in,
                    weights[l], in, 0f, activations[l + 1], out);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = workload.widths[l];
            int out = workload.widths[l + 1];
            openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, n, 1f, outputGrads[l], out,
                    activations[l], in, 0f, weightGrads[l], in);
            if (l > 0) {
                openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, in, out, 1f,
                        outputGrads[l], out, weights[l], in, 0f, inputGrads[l], in);
            }
        }
    }
}
