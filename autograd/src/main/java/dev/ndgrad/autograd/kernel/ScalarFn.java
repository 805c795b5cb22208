package dev.ndgrad.autograd.kernel;

/** Elementwise functions of a tensor and a constant {@code c}, as {@link Kernels#scalar} computes them. */
public enum ScalarFn {
    ADD {
        double apply(double x, double c) {
            return x + c;
        }

        @Override
        void floats(float[] x, float c, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = x[i] + c;
            }
        }
    },
    MUL {
        double apply(double x, double c) {
            return x * c;
        }

        @Override
        void floats(float[] x, float c, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = x[i] * c;
            }
        }
    },
    /** {@code c − x}. */
    RSUB {
        double apply(double x, double c) {
            return c - x;
        }

        @Override
        void floats(float[] x, float c, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = c - x[i];
            }
        }
    },
    /** {@code c / x}. */
    RDIV {
        double apply(double x, double c) {
            return c / x;
        }
    },
    POW {
        double apply(double x, double c) {
            return c == 2 ? x * x : Math.pow(x, c);
        }
    },
    /** {@code x} for x &gt; 0, {@code c·x} otherwise. */
    LEAKY_RELU {
        double apply(double x, double c) {
            return x > 0 ? x : c * x;
        }
    },
    /** The derivative of leaky relu: 1 for x &gt; 0, {@code c} otherwise. */
    LEAKY_RELU_SLOPE {
        double apply(double x, double c) {
            return x > 0 ? 1 : c;
        }
    },
    /** ELU: {@code x} for x &gt; 0, {@code c·(eˣ − 1)} otherwise (computed with expm1). */
    ELU {
        double apply(double x, double c) {
            return x > 0 ? x : c * Math.expm1(x);
        }
    },
    GT {
        double apply(double x, double c) {
            return x > c ? 1 : 0;
        }
    },
    GE {
        double apply(double x, double c) {
            return x >= c ? 1 : 0;
        }
    },
    LT {
        double apply(double x, double c) {
            return x < c ? 1 : 0;
        }
    },
    LE {
        double apply(double x, double c) {
            return x <= c ? 1 : 0;
        }
    },
    EQ {
        double apply(double x, double c) {
            return x == c ? 1 : 0;
        }
    },
    NE {
        double apply(double x, double c) {
            return x != c ? 1 : 0;
        }
    },
    MAXIMUM {
        double apply(double x, double c) {
            return Math.max(x, c);      // NaN stays NaN
        }

        @Override
        void floats(float[] x, float c, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = Math.max(x[i], c);
            }
        }
    },
    MINIMUM {
        double apply(double x, double c) {
            return Math.min(x, c);
        }

        @Override
        void floats(float[] x, float c, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                y[i] = Math.min(x[i], c);
            }
        }
    };

    abstract double apply(double x, double c);

    /** Whether the result is a 0/1 mask (in the floating dtype of the operand, or the default one). */
    boolean isComparison() {
        return this == GT || this == GE || this == LT || this == LE || this == EQ || this == NE;
    }

    void floats(float[] x, float c, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = (float) apply(x[i], c);
        }
    }

    void doubles(double[] x, double c, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = apply(x[i], c);
        }
    }
}
