package dev.ndgrad.examples.newton;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Functional;
import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

/**
 * Minimisers of a scalar function {@code f(θ)} of one DOUBLE vector: gradient descent (first
 * order), Newton's method with the full Hessian, and Newton–CG, which solves {@code H·d = −g} by
 * conjugate gradients using only Hessian-vector products, so {@code H} is never formed.
 */
final class SecondOrder {

    /** The iterates, {@code f} at each, and {@code ‖∇f‖} at each; entry 0 is the start. */
    record Trace(List<double[]> iterates, List<Double> values, List<Double> gradientNorms, int hessianVectorProducts) {
        double[] valueArray() {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        double[] coordinate(int k) {
            return iterates.stream().mapToDouble(p -> p[k]).toArray();
        }

        double finalGradientNorm() {
            return gradientNorms.get(gradientNorms.size() - 1);
        }

        /** The first iteration whose gradient norm is at most {@code tolerance}, or -1. */
        int iterationsTo(double tolerance) {
            for (int i = 0; i < gradientNorms.size(); i++) {
                if (gradientNorms.get(i) <= tolerance) {
                    return i;
                }
            }
            return -1;
        }
    }

    private SecondOrder() {}

    /** {@code θ ← θ − α·∇f(θ)}, {@code steps} times. */
    static Trace gradientDescent(Function<Tensor, Tensor> f, double[] start, double learningRate, int steps) {
        Recorder trace = new Recorder();
        INDArray theta = Nd4j.createFromArray(start.clone());
        for (int step = 0; ; step++) {
            Tensor[] valueAndGradient = valueAndGradient(f, theta);
            trace.add(theta, valueAndGradient[0].item(), norm(valueAndGradient[1].data()));
            if (step == steps) {
                return trace.build(0);
            }
            theta.subi(valueAndGradient[1].data().mul(learningRate));
        }
    }

    /** Pure Newton: {@code θ ← θ − H(θ)⁻¹·∇f(θ)} with the Hessian from {@link Functional#hessian}. */
    static Trace newton(Function<Tensor, Tensor> f, double[] start, int steps, double tolerance) {
        Recorder trace = new Recorder();
        INDArray theta = Nd4j.createFromArray(start.clone());
        for (int step = 0; ; step++) {
            Tensor[] valueAndGradient = valueAndGradient(f, theta);
            INDArray g = valueAndGradient[1].data();
            trace.add(theta, valueAndGradient[0].item(), norm(g));
            if (step == steps || norm(g) <= tolerance) {
                return trace.build(0);
            }
            INDArray h = Functional.hessian(f, Tensor.of(theta)).data();
            theta.subi(InvertMatrix.invert(h, false).mmul(g.reshape(g.length(), 1)).reshape(g.length()));
        }
    }

    /**
     * Newton–CG: each step solves {@code H·d = −g} approximately by conjugate gradients (at most
     * {@code θ}'s length iterations, stopping when {@code ‖H·d + g‖ ≤ min(0.5, √‖g‖)·‖g‖}), where each
     * {@code H·v} is {@link Functional#hvp}: two backward passes, no Hessian. {@code f} must be convex
     * (so {@code H} is positive definite and CG applies).
     */
    static Trace newtonCg(Function<Tensor, Tensor> f, double[] start, int steps, double tolerance) {
        Recorder trace = new Recorder();
        INDArray theta = Nd4j.createFromArray(start.clone());
        int products = 0;
        for (int step = 0; ; step++) {
            Tensor[] valueAndGradient = valueAndGradient(f, theta);
            INDArray g = valueAndGradient[1].data();
            double gNorm = norm(g);
            trace.add(theta, valueAndGradient[0].item(), gNorm);
            if (step == steps || gNorm <= tolerance) {
                return trace.build(products);
            }
            // Conjugate gradients on H·d = −g, starting from d = 0 (so the residual starts at −g).
            INDArray d = Nd4j.zerosLike(g);
            INDArray r = g.neg();
            INDArray p = r.dup();
            double rr = r.mul(r).sumNumber().doubleValue();
            double stop = Math.min(0.5, Math.sqrt(gNorm)) * gNorm;
            for (int k = 0; k < g.length() && Math.sqrt(rr) > stop; k++) {
                INDArray hp = hessianTimes(f, theta, p);
                products++;
                double alpha = rr / p.mul(hp).sumNumber().doubleValue();
                d.addi(p.mul(alpha));
                r.subi(hp.mul(alpha));
                double next = r.mul(r).sumNumber().doubleValue();
                p = r.add(p.mul(next / rr));
                rr = next;
            }
            theta.addi(d);
        }
    }

    /** {@code H(θ)·v} by {@link Functional#hvp}. */
    static INDArray hessianTimes(Function<Tensor, Tensor> f, INDArray theta, INDArray v) {
        return Functional.hvp(in -> f.apply(in.get(0)), List.of(Tensor.of(theta)), List.of(Tensor.of(v))).get(0)
                .data();
    }

    /** The largest eigenvalue of {@code H(θ)} (its curvature), by power iteration on Hessian-vector products. */
    static double largestCurvature(Function<Tensor, Tensor> f, INDArray theta, int iterations) {
        INDArray v = Nd4j.ones(theta.dataType(), theta.length()).divi(Math.sqrt(theta.length()));
        double lambda = 0;
        for (int i = 0; i < iterations; i++) {
            INDArray hv = hessianTimes(f, theta, v);
            lambda = v.mul(hv).sumNumber().doubleValue();
            v = hv.div(norm(hv));
        }
        return lambda;
    }

    /** {@code f(θ)} and {@code ∇f(θ)} (constants). */
    static Tensor[] valueAndGradient(Function<Tensor, Tensor> f, INDArray theta) {
        Tensor x = Tensor.of(theta.dup()).requiresGrad(true);
        Tensor y = f.apply(x);
        checkArgument(y.size() == 1, "f must return one element, got %s", y.describe());
        return new Tensor[] {y.detach(), Autograd.grad(List.of(y), List.of(x), false).get(0)};
    }

    static double norm(INDArray v) {
        return v.norm2Number().doubleValue();
    }

    private static final class Recorder {
        private final List<double[]> iterates = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();
        private final List<Double> norms = new ArrayList<>();

        void add(INDArray theta, double value, double gradientNorm) {
            iterates.add(theta.toDoubleVector());
            values.add(value);
            norms.add(gradientNorm);
        }

        Trace build(int products) {
            return new Trace(List.copyOf(iterates), List.copyOf(values), List.copyOf(norms), products);
        }
    }
}
