package dev.ndgrad.autograd.kernel;

/**
 * Elementwise functions of one argument, as {@link Kernels#unary} computes them. Each constant states
 * its math once ({@link #apply(double)}); the hot ones also carry a float loop of their own, which the
 * JIT can vectorise (the generic loop makes one virtual call per element, fine for DOUBLE checks and
 * rarely used functions).
 */
public enum UnaryFn {
    NEG {
        double apply(double x) {
            return -x;
        }

        @Override
        void floats(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = -x[i];
            }
        }
    },
    EXP {
        double apply(double x) {
            return Math.exp(x);
        }

        @Override
        void floats(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = FastMath.exp(x[i]);
            }
        }
    },
    LOG {
        double apply(double x) {
            return Math.log(x);
        }
    },
    SQRT {
        double apply(double x) {
            return Math.sqrt(x);
        }
    },
    ABS {
        double apply(double x) {
            return Math.abs(x);
        }
    },
    /** −1, 0 or 1 (0 at 0 and NaN at NaN, as NumPy). */
    SIGN {
        double apply(double x) {
            return Math.signum(x);
        }
    },
    SIGMOID {
        double apply(double x) {
            return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        }

        @Override
        void floats(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = FastMath.sigmoid(x[i]);
            }
        }
    },
    TANH {
        double apply(double x) {
            return Math.tanh(x);
        }

        @Override
        void floats(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = FastMath.tanh(x[i]);
            }
        }
    },
    RELU {
        double apply(double x) {
            return x > 0 ? x : 0 * x;      // 0·x keeps NaN a NaN
        }

        @Override
        void floats(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = Math.max(x[i], 0f);      // vectorised; NaN stays NaN
            }
        }
    },
    /** {@code ln(1 + eˣ) = max(x, 0) + ln(1 + e^{−|x|})}: no overflow for large |x|. */
    SOFTPLUS {
        double apply(double x) {
            return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }
    },
    SIN {
        double apply(double x) {
            return Math.sin(x);
        }
    },
    COS {
        double apply(double x) {
            return Math.cos(x);
        }
    },
    /** The error function, to double precision (see {@link ErrorFunction}). */
    ERF {
        double apply(double x) {
            return ErrorFunction.erf(x);
        }
    },
    /** {@code x·Φ(x) = ½x(1 + erf(x/√2))}, the exact GELU (PyTorch's {@code approximate='none'}). */
    GELU {
        double apply(double x) {
            return 0.5 * x * (1 + ErrorFunction.erf(x * SQRT_HALF));
        }
    },
    /** {@code ½x(1 + tanh(√(2/π)(x + 0.044715x³)))}, GELU's tanh form (PyTorch's {@code approximate='tanh'}). */
    GELU_TANH {
        double apply(double x) {
            return 0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + GELU_CUBIC * x * x * x)));
        }
    },
    /** {@code x·σ(x)} (SiLU, swish). */
    SILU {
        double apply(double x) {
            return x * SIGMOID.apply(x);
        }
    },
    /** {@code x} where finite, else 0 (a shift that must not be ±∞ or NaN). */
    FINITE_OR_ZERO {
        double apply(double x) {
            return Double.isFinite(x) ? x : 0;
        }
    },
    /** 1 where {@code x > 0}, else 0: the derivative of relu (0 at the kink, as PyTorch). */
    POSITIVE_MASK {
        double apply(double x) {
            return x > 0 ? 1 : 0;
        }

        @Override
        void floats(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = x[i] > 0 ? 1f : 0f;
            }
        }
    };

    /** √½, the scale of x in the exact GELU. */
    public static final double SQRT_HALF = 0.7071067811865476;
    /** √(2/π), the scale inside GELU's tanh form. */
    public static final double SQRT_TWO_OVER_PI = 0.7978845608028654;
    /** The cubic coefficient inside GELU's tanh form. */
    public static final double GELU_CUBIC = 0.044715;

    /** The function at {@code x}, in double. */
    abstract double apply(double x);

    /** {@code y[i] = f(x[i])} for floats ({@code y} may be {@code x}). */
    void floats(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = (float) apply(x[i]);
        }
    }

    /** {@code y[i] = f(x[i])} for doubles ({@code y} may be {@code x}). */
    void doubles(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = apply(x[i]);
        }
    }
}
