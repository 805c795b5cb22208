package dev.ndgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ndgrad.autograd.kernel.KernelPath;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * sin, cos, erf, GELU (exact and tanh form), SiLU and ELU: values and first derivatives at fixed points, against
 * PyTorch 1.13 in double ({@code torch.nn.functional.gelu(x)}, {@code gelu(x, approximate='tanh')}, {@code silu},
 * {@code elu(x, 0.7)}), on both kernel paths.
 */
class ElementwiseFunctionsTest {

    private static final double[] X = {-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0};
    private static final double TOLERANCE = 1e-15;

    @Test
    void geluExact() {
        check(Tensor::gelu,
                new double[] {-0.00404969409489031, -0.15865525393145702, -0.15426876936299344, 0.0, 0.34573123063700656,
                    0.841344746068543, 2.99595030590511},
                new double[] {-0.01194564720418392, -0.08331547058768635, 0.13250487534383712, 0.5, 0.8674951246561629,
                    1.0833154705876864, 1.011945647204184});
    }

    @Test
    void geluTanhForm() {
        check(Tensor::geluTanh,
                new double[] {-0.0036373920817729943, -0.15880800939172324, -0.15428599017485606, 0.0,
                    0.34571400982514394, 0.8411919906082768, 2.996362607918227},
                new double[] {-0.011584166630969648, -0.08296408384578252, 0.13263009646535764, 0.5, 0.8673699035346424,
                    1.0829640838457826, 1.0115841666309695});
    }

    @Test
    void silu() {
        check(Tensor::silu,
                new double[] {-0.14227761953270035, -0.2689414213699951, -0.1887703343990727, 0.0, 0.3112296656009273,
                    0.7310585786300049, 2.8577223804672998},
                new double[] {-0.08810410601516962, 0.07232948812851325, 0.2600388126973482, 0.5, 0.7399611873026519,
                    0.9276705118714869, 1.0881041060151693});
    }

    @Test
    void elu() {
        check(x -> x.elu(0.7),
                new double[] {-0.6651490521424952, -0.44248439117999033, -0.2754285382011566, 0.0, 0.5, 1.0, 3.0},
                new double[] {0.03485094785750476, 0.2575156088200096, 0.42457146179884336, 0.7, 1.0, 1.0, 1.0});
        check(Tensor::elu,
                new double[] {Math.expm1(-3), Math.expm1(-1), Math.expm1(-0.5), 0.0, 0.5, 1.0, 3.0},
                new double[] {Math.exp(-3), Math.exp(-1), Math.exp(-0.5), 1.0, 1.0, 1.0, 1.0});
    }

    @Test
    void sinCosAndErf() {
        double[] sin = new double[X.length];
        double[] cos = new double[X.length];
        double[] negSin = new double[X.length];
        double[] erfSlope = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            sin[i] = Math.sin(X[i]);
            cos[i] = Math.cos(X[i]);
            negSin[i] = -sin[i];
            erfSlope[i] = 2 / Math.sqrt(Math.PI) * Math.exp(-X[i] * X[i]);
        }
        check(Tensor::sin, sin, cos);
        check(Tensor::cos, cos, negSin);
        check(Tensor::erf, new double[] {-0.9999779095030014, -0.8427007929497149, -0.5204998778130465, 0.0,
            0.5204998778130465, 0.8427007929497149, 0.9999779095030014}, erfSlope);
    }

    @Test
    void floatTensorsStayFloat() {
        Tensor x = Tensor.of(Nd4j.createFromArray(0.5f, -1f));
        for (UnaryOperator<Tensor> f : java.util.List.<UnaryOperator<Tensor>>of(Tensor::sin, Tensor::cos, Tensor::erf,
                Tensor::gelu, Tensor::geluTanh, Tensor::silu, Tensor::elu)) {
            Tensor y = f.apply(x);
            org.junit.jupiter.api.Assertions.assertEquals(DataType.FLOAT, y.dtype());
        }
        assertArrayEquals(new double[] {0.34573123063700656, -0.15865525393145702}, x.gelu().toDoubleArray(), 1e-7);
    }

    /** The values and the gradient of Σ f(x) at {@link #X}, on the host path and on ND4J. */
    @SuppressWarnings("try")
    private static void check(UnaryOperator<Tensor> f, double[] values, double[] slopes) {
        checkOnPath(f, values, slopes, "host path");
        try (var nd4j = KernelPath.nd4jOnly()) {
            checkOnPath(f, values, slopes, "ND4J path");
        }
    }

    private static void checkOnPath(UnaryOperator<Tensor> f, double[] values, double[] slopes, String path) {
        Tensor x = Tensor.of(Nd4j.createFromArray(X.clone())).requiresGrad(true);
        Tensor y = f.apply(x);
        assertArrayEquals(values, y.toDoubleArray(), TOLERANCE, path + ": values");
        y.sum().backward();
        assertArrayEquals(slopes, x.grad().toDoubleArray(), TOLERANCE, path + ": derivatives");
    }
}
