package dev.ndgrad.autograd.kernel;

/**
 * Elementwise functions of two arguments, with NumPy broadcasting in {@link Kernels#binary}. Each states
 * its math once ({@link #apply(double, double)}); the hot ones carry a float loop over contiguous runs.
 */
public enum BinaryFn {
    ADD {
        double apply(double a, double b) {
            return a + b;
        }

        @Override
        void floats(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
            for (int i = 0; i < n; i++) {
                y[yi + i] = a[ai + i] + b[bi + i];
            }
        }
    },
    SUB {
        double apply(double a, double b) {
            return a - b;
        }

        @Override
        void floats(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
            for (int i = 0; i < n; i++) {
                y[yi + i] = a[ai + i] - b[bi + i];
            }
        }
    },
    MUL {
        double apply(double a, double b) {
            return a * b;
        }

        @Override
        void floats(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
            for (int i = 0; i < n; i++) {
                y[yi + i] = a[ai + i] * b[bi + i];
            }
        }
    },
    DIV {
        double apply(double a, double b) {
            return a / b;
        }

        @Override
        void floats(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
            for (int i = 0; i < n; i++) {
                y[yi + i] = a[ai + i] / b[bi + i];
            }
        }
    },
    POW {
        double apply(double a, double b) {
            return Math.pow(a, b);
        }
    },
    /** The larger; NaN if either is NaN (as NumPy's maximum). */
    MAXIMUM {
        double apply(double a, double b) {
            return a != a || b != b ? Double.NaN : Math.max(a, b);
        }
    },
    MINIMUM {
        double apply(double a, double b) {
            return a != a || b != b ? Double.NaN : Math.min(a, b);
        }
    },
    /** {@code b ⊙ (1 − a²)} for a = tanh's output, b = the incoming gradient: tanh's backward in one pass. */
    TANH_GRAD {
        double apply(double a, double b) {
            return b * (1 - a * a);
        }

        @Override
        void floats(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
            for (int i = 0; i < n; i++) {
                y[yi + i] = b[bi + i] * (1f - a[ai + i] * a[ai + i]);
            }
        }
    },
    /** {@code b ⊙ a(1 − a)} for a = σ's output, b = the incoming gradient: sigmoid's backward in one pass. */
    SIGMOID_GRAD {
        double apply(double a, double b) {
            return b * a * (1 - a);
        }

        @Override
        void floats(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
            for (int i = 0; i < n; i++) {
                y[yi + i] = b[bi + i] * a[ai + i] * (1f - a[ai + i]);
            }
        }
    },
    /**
     * {@code b} where {@code a > 0}, else 0: relu's backward (a = relu's input, b = the incoming gradient), with
     * PyTorch's conventions that the gradient passes where a is NaN ({@code !(a ≤ 0)}) and that it is a select: 0
     * where a ≤ 0 even for an infinite or NaN b.
     */
    RELU_GRAD {
        double apply(double a, double b) {
            return a <= 0 ? 0 : b;
        }

        @Override
        void floats(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
            // branch-free so that the JIT vectorises it: min(1, max(0, a)·10³⁸·10³⁸) is 1 for a > 0 (even the
            // smallest subnormal), 0 for a ≤ 0, NaN for NaN
            if (ai == 0 && bi == 0 && yi == 0) {
                reluGrad(a, b, y, n);      // without offsets: the JIT vectorises min/max only here
            } else {
                for (int i = 0; i < n; i++) {
                    y[yi + i] = b[bi + i] * Math.min(1f, Math.max(0f, a[ai + i]) * 1e38f * 1e38f);
                }
            }
            // a product is no select where a is NaN (b passes, as PyTorch's !(a ≤ 0)) or b is infinite or NaN (∞·0 is
            // NaN where the select gives 0); exactly there the product is infinite or NaN, so a scan of the result
            // alone finds the rare elements to redo as the select
            for (int i = 0; i < n; i++) {
                float v = y[yi + i];
                if (v - v != 0f) {
                    y[yi + i] = a[ai + i] <= 0 ? 0f : b[bi + i];
                }
            }
        }
    },
    GT {
        double apply(double a, double b) {
            return a > b ? 1 : 0;
        }
    },
    GE {
        double apply(double a, double b) {
            return a >= b ? 1 : 0;
        }
    },
    LT {
        double apply(double a, double b) {
            return a < b ? 1 : 0;
        }
    },
    LE {
        double apply(double a, double b) {
            return a <= b ? 1 : 0;
        }
    },
    EQ {
        double apply(double a, double b) {
            return a == b ? 1 : 0;
        }
    },
    NE {
        double apply(double a, double b) {
            return a != b ? 1 : 0;
        }
    };

    /** The function at {@code (a, b)}, in double. */
    abstract double apply(double a, double b);

    private static void reluGrad(float[] a, float[] b, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = b[i] * Math.min(1f, Math.max(0f, a[i]) * 1e38f * 1e38f);
        }
    }

    /** Whether the result is a 0/1 mask rather than a value of the operands' dtype. */
    boolean isComparison() {
        return ordinal() >= GT.ordinal();
    }

    /** {@code y[yi+i] = f(a[ai+i], b[bi+i])} for {@code i < n}. */
    void floats(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
        for (int i = 0; i < n; i++) {
            y[yi + i] = (float) apply(a[ai + i], b[bi + i]);
        }
    }

    /** {@code y[yi+i] = f(a[ai+i], b[bi+i])} for doubles. */
    void doubles(double[] a, int ai, double[] b, int bi, double[] y, int yi, int n) {
        for (int i = 0; i < n; i++) {
            y[yi + i] = apply(a[ai + i], b[bi + i]);
        }
    }
}
