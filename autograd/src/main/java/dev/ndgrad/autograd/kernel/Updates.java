package dev.ndgrad.autograd.kernel;

import static com.google.common.base.Preconditions.checkArgument;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The optimizers' arithmetic, in place and fused: one pass over a parameter's elements per step on the host
 * path (a few ND4J calls on the other). Each rule's hyperparameters travel as a small record; the update
 * itself is a pure function of its arrays and that record, tested alone.
 */
public final class Updates {

    private Updates() {}

    /**
     * One SGD step, with λ the weight decay (an L2 term {@code λ·W} added to the gradient), β the momentum
     * and c the weight of the gradient in the velocity ({@code 1} as PyTorch, {@code 1 − β} for an average):
     *
     * <pre>
     * g = dW + λ·W
     * plain:     W = W − α·g
     * momentum:  v = β·v + c·g;  W = W − α·v
     * Nesterov:  v = β·v + c·g;  W = W − α·(c·g + β·v)
     * </pre>
     */
    public record Sgd(double lr, double weightDecay, double momentum, double gradientWeight, boolean nesterov) {}

    /**
     * Adam's step t (1 at the first), with coupled (Adam: {@code g = dW + λ·W}) or decoupled (AdamW:
     * {@code W = W − α·λ·W}, {@code g = dW}) weight decay:
     *
     * <pre>
     * v = β₁·v + (1 − β₁)·g          v̂ = v / (1 − β₁ᵗ)
     * s = β₂·s + (1 − β₂)·g²         ŝ = s / (1 − β₂ᵗ)
     * W = W − α·v̂ / (√ŝ + ε)
     * </pre>
     */
    public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
            long step) {
        public Adam {
            checkArgument(step >= 1, "Adam: step t counts from 1, got %s", step);
        }
    }

    /**
     * An RMSprop step: {@code g = dW + λ·W;  s = β·s + (1 − β)·g²;  W = W − α·g / (√s + ε)}.
     */
    public record Rmsprop(double lr, double beta, double eps, double weightDecay) {}

    /** {@link Sgd} on {@code param} with gradient {@code grad}; {@code velocity} (may be null without momentum). */
    public static void sgd(Storage param, Storage grad, Storage velocity, Sgd rule) {
        boolean plain = rule.momentum() == 0 && rule.weightDecay() == 0;
        if (plain && KernelPath.hostEnabled() && Blas.axpyNative(-rule.lr(), grad, param)) {
            return;     // a large weight: updated, and from now on read, in native memory
        }
        if (onHost(param, grad)) {
            if (param.dtype() == DataType.FLOAT && plain) {
                Kernels.axpyInPlace(-rule.lr(), grad, param);   // the plain step: one vectorised pass
                return;
            }
            Vec w = Vec.forUpdate(param);
            Vec dw = Vec.of(grad);
            Vec v = velocity == null ? null : Vec.forUpdate(velocity);
            double beta = rule.momentum();
            double c = rule.gradientWeight();
            for (int i = 0; i < w.length(); i++) {
                double wi = w.get(i);
                double g = dw.get(i) + rule.weightDecay() * wi;
                if (beta == 0) {
                    w.set(i, wi - rule.lr() * g);
                } else {
                    double vi = beta * v.get(i) + c * g;
                    v.set(i, vi);
                    w.set(i, wi - rule.lr() * (rule.nesterov() ? c * g + beta * vi : vi));
                }
            }
            w.commit(param);
            if (v != null) {
                v.commit(velocity);
            }
            return;
        }
        INDArray w = param.toINDArray();
        INDArray g = withWeightDecay(w, Nd4jKernels.nd(grad), rule.weightDecay());
        if (rule.momentum() == 0) {
            w.subi(g.mul(rule.lr()));
            return;
        }
        INDArray v = velocity.toINDArray();
        v.muli(rule.momentum()).addi(g.mul(rule.gradientWeight()));
        if (rule.nesterov()) {
            w.subi(g.mul(rule.lr() * rule.gradientWeight())).subi(v.mul(rule.lr() * rule.momentum()));
        } else {
            w.subi(v.mul(rule.lr()));
        }
    }

    /** {@link Adam} on {@code param}; {@code mean} (v) and {@code meanSquare} (s) are updated in place. */
    public static void adam(Storage param, Storage grad, Storage mean, Storage meanSquare, Adam rule) {
        double correction1 = 1 - Math.pow(rule.beta1(), rule.step());
        double correction2 = 1 - Math.pow(rule.beta2(), rule.step());
        double shrink = rule.decoupled() ? 1 - rule.lr() * rule.weightDecay() : 1;
        double l2 = rule.decoupled() ? 0 : rule.weightDecay();
        if (onHost(param, grad)) {
            Vec w = Vec.forUpdate(param);
            Vec dw = Vec.of(grad);
            Vec v = Vec.forUpdate(mean);
            Vec s = Vec.forUpdate(meanSquare);
            double b1 = rule.beta1();
            double b2 = rule.beta2();
            for (int i = 0; i < w.length(); i++) {
                double wi = w.get(i) * shrink;
                double g = dw.get(i) + l2 * wi;
                double vi = b1 * v.get(i) + (1 - b1) * g;
                double si = b2 * s.get(i) + (1 - b2) * g * g;
                v.set(i, vi);
                s.set(i, si);
                w.set(i, wi - rule.lr() * (vi / correction1) / (Math.sqrt(si / correction2) + rule.eps()));
            }
            w.commit(param);
            v.commit(mean);
            s.commit(meanSquare);
            return;
        }
        INDArray w = param.toINDArray();
        if (rule.decoupled()) {
            w.muli(shrink);
        }
        INDArray g = withWeightDecay(w, Nd4jKernels.nd(grad), l2);
        INDArray v = mean.toINDArray();
        INDArray s = meanSquare.toINDArray();
        v.muli(rule.beta1()).addi(g.mul(1 - rule.beta1()));
        s.muli(rule.beta2()).addi(g.mul(g).muli(1 - rule.beta2()));
        // W − (α/(1 − β₁ᵗ))·v / (√s/√(1 − β₂ᵗ) + ε): the same number with fewer passes
        INDArray denominator = Transforms.sqrt(s, true).muli(1 / Math.sqrt(correction2)).addi(rule.eps());
        w.subi(v.div(denominator).muli(rule.lr() / correction1));
    }

    /** {@link Rmsprop} on {@code param}; {@code meanSquare} (s) is updated in place. */
    public static void rmsprop(Storage param, Storage grad, Storage meanSquare, Rmsprop rule) {
        if (onHost(param, grad)) {
            Vec w = Vec.forUpdate(param);
            Vec dw = Vec.of(grad);
            Vec s = Vec.forUpdate(meanSquare);
            for (int i = 0; i < w.length(); i++) {
                double wi = w.get(i);
                double g = dw.get(i) + rule.weightDecay() * wi;
                double si = rule.beta() * s.get(i) + (1 - rule.beta()) * g * g;
                s.set(i, si);
                w.set(i, wi - rule.lr() * g / (Math.sqrt(si) + rule.eps()));
            }
            w.commit(param);
            s.commit(meanSquare);
            return;
        }
        INDArray w = param.toINDArray();
        INDArray g = withWeightDecay(w, Nd4jKernels.nd(grad), rule.weightDecay());
        INDArray s = meanSquare.toINDArray();
        s.muli(rule.beta()).addi(g.mul(g).muli(1 - rule.beta()));
        w.subi(Transforms.sqrt(s, true).addi(rule.eps()).rdivi(g).muli(rule.lr()));
    }

    /** {@code average = β·average + (1 − β)·value}, in place: an exponentially weighted moving average. */
    public static void movingAverage(Storage average, Storage value, double beta) {
        Kernels.scaleInPlace(average, beta);
        Kernels.axpyInPlace(1 - beta, value, average);
    }

    /** {@code Σ xᵢ²}, accumulated in double. */
    public static double squaredNorm(Storage x) {
        double total = 0;
        for (double v : x.toDoubleArray()) {
            total += v * v;
        }
        return total;
    }

    /** {@code max |xᵢ|} (NaN if any element is NaN; 0 for no elements). */
    public static double maxAbs(Storage x) {
        double m = 0;
        for (double v : x.toDoubleArray()) {
            if (v != v) {
                return v;
            }
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Whether an update runs as host loops: on the CPU backend for FLOAT and DOUBLE, wherever the values live
     * (ND4J arrays are copied in and back), so that its rounding never depends on where a parameter's values
     * happen to be.
     */
    static boolean onHost(Storage param, Storage grad) {
        return KernelPath.hostEnabled() && (param.dtype() == DataType.FLOAT || param.dtype() == DataType.DOUBLE)
                && grad.dtype() == param.dtype();
    }

    private static INDArray withWeightDecay(INDArray w, INDArray grad, double weightDecay) {
        return weightDecay == 0 ? grad : grad.add(w.mul(weightDecay));
    }
}
