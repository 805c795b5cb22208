package dev.ndgrad.examples.optimizers;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.optim.Adam;
import dev.ndgrad.optim.Optimizer;
import dev.ndgrad.optim.RMSprop;
import dev.ndgrad.optim.SGD;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * The four update rules compared, in the seeds' forms (momentum's averaged velocity with β = 0.9, RMSprop's
 * β = 0.99, Adam's β₁ = 0.9, β₂ = 0.999), each with the learning rate it uses on the bowl and on the digits.
 * Every rate is chosen for its own method, as one would tune it: gradient descent's bowl rate {@code 1.9/κ} is
 * just under its stability limit {@code 2/κ}; momentum's averaged velocity is stable up to
 * {@code 2(1 + β)/((1 − β)·κ)} and runs at {@code 4/κ}; RMSprop and Adam divide each coordinate's step by its
 * own root-mean-square gradient, so their rates are lengths in parameter space, not multiples of {@code 1/κ}.
 * On the digits each runs at the rate of a factor-of-3 grid ({@code 0.03, 0.1, 0.3, 1} for the first two,
 * {@code 3·10⁻⁴ … 10⁻²} for the others) after which the next one up starts to make the loss jump. The averaged
 * velocity moves a steady gradient by {@code α·dW} per step, as gradient descent does, so momentum needs no other
 * rate: its gain is the damped zig-zag.
 */
public enum Method {
    GD("gradient descent", kappa -> 1.9 / kappa, 0.3, SGD::new),
    MOMENTUM("momentum", kappa -> 4.0 / kappa, 0.3, (params, lr) -> SGD.withAveragedMomentum(params, lr, 0.9)),
    RMSPROP("RMSprop", kappa -> 0.1, 3e-3, (params, lr) -> new RMSprop(params, RMSprop.Config.of(lr).withBeta(0.99))),
    ADAM("Adam", kappa -> 0.5, 3e-3, (params, lr) -> new Adam(params, Adam.Config.of(lr).withBetas(0.9, 0.999)));

    private final String label;
    private final DoubleUnaryOperator bowlRate;
    private final double dataRate;
    private final BiFunction<List<Tensor>, Double, Optimizer> factory;

    Method(String label, DoubleUnaryOperator bowlRate, double dataRate,
            BiFunction<List<Tensor>, Double, Optimizer> factory) {
        this.label = label;
        this.bowlRate = bowlRate;
        this.dataRate = dataRate;
        this.factory = factory;
    }

    /** The optimizer on {@code params} with learning rate {@code lr}. */
    Optimizer create(List<Tensor> params, double lr) {
        return factory.apply(params, lr);
    }

    public String label() {
        return label;
    }

    /** The learning rate on a bowl of curvature ratio {@code kappa}. */
    double bowlRate(double kappa) {
        return bowlRate.applyAsDouble(kappa);
    }

    /** The learning rate on the digits network. */
    double dataRate() {
        return dataRate;
    }
}
