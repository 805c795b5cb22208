package dev.ndgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ndgrad.autograd.Autograd;
import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.kernel.Kernels;
import dev.ndgrad.autograd.kernel.Storage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tensors and state dictionaries to and from primitive arrays: the only place where ndgrad-spark touches array
 * storage (it reads through {@link Tensor#toDoubleArray()} and writes through ndgrad's kernel layer).
 *
 * <p>Flat vectors list the tensors' values one tensor after the other, each in row-major order.
 */
final class FlatTensors {

    private FlatTensors() {}

    /** The total number of elements of {@code tensors}. */
    static int totalLength(List<Tensor> tensors) {
        long n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        checkArgument(n <= Integer.MAX_VALUE - 8, "ndgrad-spark: %s values do not fit one Java array", n);
        return (int) n;
    }

    /** The values of {@code tensors} as one vector of {@code dtype}'s width (FLOAT → floats, DOUBLE → doubles). */
    static PrimitiveVector values(List<Tensor> tensors, DataType dtype) {
        PrimitiveVector v = PrimitiveVector.zeros(dtype, totalLength(tensors));
        int offset = 0;
        for (Tensor t : tensors) {
            offset = copyInto(v, offset, t.toDoubleArray());
        }
        return v;
    }

    /**
     * The gradients of {@code params} as one vector; a parameter without a gradient (not reached by the backward
     * pass) contributes zeros and {@code reached[i] = false}.
     */
    static PrimitiveVector gradients(List<Tensor> params, DataType dtype, boolean[] reached) {
        PrimitiveVector v = PrimitiveVector.zeros(dtype, totalLength(params));
        int offset = 0;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            reached[i] = p.grad() != null;
            offset = reached[i] ? copyInto(v, offset, p.grad().toDoubleArray()) : offset + (int) p.size();
        }
        return v;
    }

    private static int copyInto(PrimitiveVector v, int offset, double[] values) {
        for (int i = 0; i < values.length; i++) {
            v.set(offset + i, values[i]);
        }
        return offset + values.length;
    }

    /** Copies {@code v} into {@code tensors} (same layout as {@link #values}), bumping each tensor's version. */
    static void load(PrimitiveVector v, List<Tensor> tensors) {
        checkArgument(v.length() == totalLength(tensors), "ndgrad-spark: a vector of %s values for tensors of %s",
                v.length(), totalLength(tensors));
        int offset = 0;
        for (Tensor t : tensors) {
            int n = (int) t.size();
            Storage values = storage(v, offset, n, t.shape(), t.dtype());
            t.updateStorage(current -> Kernels.assign(current, values));
            offset += n;
        }
    }

    /**
     * Makes {@code g} the gradient of {@code params} (those with {@code reached[i]}): each gets {@code p.grad() = g_p}
     * through {@code p.backward(g_p)} — the backward pass of the identity, the public way to hand a leaf a gradient
     * computed elsewhere. A parameter not reached keeps no gradient, so optimizers skip it as on one machine.
     */
    static void setGradients(PrimitiveVector g, List<Tensor> params, boolean[] reached) {
        checkArgument(g.length() == totalLength(params) && reached.length == params.size(),
                "ndgrad-spark: a gradient of %s values for parameters of %s", g.length(), totalLength(params));
        int offset = 0;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            int n = (int) p.size();
            if (reached[i]) {
                p.backward(Tensor.of(storage(g, offset, n, p.shape(), p.dtype())));
            }
            offset += n;
        }
    }

    /** Values {@code [offset, offset + n)} of {@code v} as a storage of {@code shape} and {@code dtype}. */
    private static Storage storage(PrimitiveVector v, int offset, int n, long[] shape, DataType dtype) {
        if (v.floats() != null) {
            Storage floats = Kernels.fromFloats(Arrays.copyOfRange(v.floats(), offset, offset + n), shape);
            return dtype == DataType.FLOAT ? floats : Kernels.cast(floats, dtype);
        }
        return Kernels.fromDoubles(dtype, Arrays.copyOfRange(v.doubles(), offset, offset + n), shape);
    }

    /** A new constant tensor of {@code dtype} and {@code shape} holding {@code values} (row-major). */
    static Tensor tensor(double[] values, long[] shape, DataType dtype) {
        return Tensor.of(Kernels.fromDoubles(dtype, values, shape));
    }

    /** Named tensors (e.g. a module's buffers) as flat arrays, keyed and ordered as given. */
    static Map<String, FlatArray> fromTensors(Map<String, Tensor> tensors) {
        Map<String, FlatArray> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, new FlatArray(t.shape(), t.dtype(), t.toDoubleArray())));
        return out;
    }

    /** A state dictionary (e.g. an optimizer's) as flat arrays. */
    static Map<String, FlatArray> fromArrays(Map<String, INDArray> arrays) {
        Map<String, FlatArray> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, new FlatArray(a.shape(), a.dataType(),
                Tensor.of(a).toDoubleArray())));
        return out;
    }

    /**
     * Flat arrays back as a state dictionary. Values of integer dtypes are rounded first (an average of step
     * counts need not be whole).
     */
    static Map<String, INDArray> toArrays(Map<String, FlatArray> flat) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        flat.forEach((name, a) -> out.put(name, toArray(a)));
        return out;
    }

    /** Copies each flat array into the tensor of the same name (same shape and dtype), with rounding as above. */
    @SuppressWarnings("try") // the scope is only opened and closed
    static void loadTensors(Map<String, FlatArray> flat, Map<String, Tensor> tensors) {
        checkArgument(flat.keySet().equals(tensors.keySet()), "ndgrad-spark: arrays %s for tensors %s",
                flat.keySet(), tensors.keySet());
        try (var noGrad = Autograd.noGrad()) {
            flat.forEach((name, a) -> tensors.get(name).setData(toArray(a)));
        }
    }

    private static INDArray toArray(FlatArray a) {
        double[] values = a.values();
        if (!a.dtype().isFPType()) {
            values = values.clone();
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.rint(values[i]);
            }
        }
        return Kernels.fromDoubles(a.dtype(), values, a.shape()).copyToINDArray();
    }
}
