package dev.ndgrad.autograd.kernel;

import org.nd4j.linalg.api.buffer.DataType;

/** In-place kernels of the host path: the engine's gradient accumulation and the optimizers' arithmetic. */
final class HostUpdates {

    private HostUpdates() {}

    /** {@code target += alpha·x} (an ND4J target is changed through a copy written back). */
    static void axpy(double alpha, Storage x, Storage target) {
        int n = (int) target.length();
        Vec copy = target.isHost() ? null : Vec.forUpdate(target);
        if (target.dtype() == DataType.FLOAT) {
            float[] t = copy != null ? ((Vec.Floats) copy).a : target.hostBuffer().floats();
            float[] s = x.floats();
            float a = (float) alpha;
            if (a == 1f) {
                for (int i = 0; i < n; i++) {
                    t[i] += s[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    t[i] += a * s[i];
                }
            }
        } else {
            double[] t = copy != null ? ((Vec.Doubles) copy).a : target.hostBuffer().doubles();
            double[] s = x.doubles();
            for (int i = 0; i < n; i++) {
                t[i] += alpha * s[i];
            }
        }
        if (copy != null) {
            copy.commit(target);
        }
    }

    /** {@code target *= c} (an ND4J target through a copy written back). */
    static void scale(Storage target, double c) {
        Vec t = Vec.forUpdate(target);
        for (int i = 0; i < t.length(); i++) {
            t.set(i, t.get(i) * c);
        }
        t.commit(target);
    }

    /** {@code target = source}, converting the dtype. */
    static void assign(Storage target, Storage source) {
        int n = (int) target.length();
        if (target.dtype() == DataType.FLOAT) {
            float[] t = target.hostBuffer().floats();
            if (source.dtype() == DataType.FLOAT) {
                System.arraycopy(source.floats(), 0, t, 0, n);
            } else {
                double[] s = source.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    t[i] = (float) s[i];
                }
            }
            return;
        }
        if (target.dtype() == DataType.DOUBLE) {
            System.arraycopy(source.toDoubleArray(), 0, target.hostBuffer().doubles(), 0, n);
            return;
        }
        long[] t = target.hostBuffer().longs();
        long[] s = source.longs();
        System.arraycopy(s, 0, t, 0, n);
    }
}
