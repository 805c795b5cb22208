package dev.ndgrad.optim;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Zero-copy element access to dense arrays on ND4J's CPU backend, for the fused update loops of
 * {@link RmspropMath} and {@link AdamMath}.
 *
 * <p>Why: Adam written as ND4J ops takes four elementwise ops per parameter (g², √s, + ε, ÷), each
 * paying ND4J's dispatch cost and a pass over memory; one plain loop over the native buffers does the
 * whole update in a single pass. It is used only where it is certainly right — the CPU backend
 * (elsewhere the buffers live on a device), FLOAT or DOUBLE, and all arrays dense with one layout,
 * so that flat index i is the same element in each — and the ND4J form runs otherwise.
 */
final class DirectArrays {

    private static final boolean CPU_BACKEND = Nd4j.getEnvironment().isCPU();

    private DirectArrays() {}

    /** Whether every array can be walked element by element through its native buffer, in step with the first. */
    static boolean applyTo(INDArray first, INDArray... others) {
        if (!CPU_BACKEND || !Blas1.isDense(first) || first.length() > Integer.MAX_VALUE) {
            return false;
        }
        for (INDArray other : others) {
            if (!Blas1.sameDenseLayout(first, other)) {
                return false;
            }
        }
        return true;
    }

    /** Read and write access to the elements of a dense FLOAT or DOUBLE array (checked by {@link #applyTo}). */
    static Elements of(INDArray array) {
        var bytes = array.data().asNio().order(ByteOrder.nativeOrder());
        return array.dataType() == DataType.DOUBLE ? new Doubles(bytes.asDoubleBuffer())
                : new Floats(bytes.asFloatBuffer());
    }

    /** The elements of one array, read and written as doubles (a FLOAT array rounds on write). */
    abstract static sealed class Elements permits Floats, Doubles {
        abstract double get(int i);

        abstract void set(int i, double value);
    }

    private static final class Floats extends Elements {
        private final FloatBuffer buffer;

        Floats(FloatBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        double get(int i) {
            return buffer.get(i);
        }

        @Override
        void set(int i, double value) {
            buffer.put(i, (float) value);
        }
    }

    private static final class Doubles extends Elements {
        private final DoubleBuffer buffer;

        Doubles(DoubleBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        double get(int i) {
            return buffer.get(i);
        }

        @Override
        void set(int i, double value) {
            buffer.put(i, value);
        }
    }
}
