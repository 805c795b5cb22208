package dev.ndgrad.tests.fuzz;

import dev.ndgrad.autograd.Tensor;
import dev.ndgrad.autograd.Window2d;
import dev.ndgrad.tests.fuzz.Call.Ref;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.StringJoiner;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One op the random graphs draw from: a public Tensor method (by its signature, as the per-op table names it), the
 * {@link Planner} that picks its inputs and parameters in a growing graph, and its PyTorch counterpart as a Python
 * template. The call itself is made by reflection on the method, and printed as the Java that makes it, so a
 * printed graph runs exactly what was checked.
 *
 * <p>Python templates name the receiver {@code {r}} and the arguments {@code {0}}, {@code {1}}, …, rendered as
 * Python ({@code True}, tuples for arrays, lists for tensor arrays).
 */
final class GraphOp {

    /** Chooses the inputs and parameters of one application in a graph being built; null if none fits. */
    @FunctionalInterface
    interface Planner {
        Call plan(GraphBuilder.Pool pool, Choices choices);
    }

    private final String name;
    private final String signature;
    private final Method method;
    private final Planner planner;
    private final String torch;
    private final boolean numeric;

    private GraphOp(String name, String signature, Planner planner, String torch, boolean numeric) {
        this.name = name;
        this.signature = signature;
        this.method = methodOf(signature);
        this.planner = planner;
        this.torch = torch;
        this.numeric = numeric;
    }

    /** An op that gradient checks in DOUBLE can differentiate numerically. */
    static GraphOp of(String name, String signature, Planner planner, String torch) {
        return new GraphOp(name, signature, planner, torch, true);
    }

    /** An op whose values a central difference cannot follow (a cast to FLOAT): PyTorch differential only. */
    static GraphOp torchOnly(String name, String signature, Planner planner, String torch) {
        return new GraphOp(name, signature, planner, torch, false);
    }

    String name() {
        return name;
    }

    /** The Tensor method, {@code name(ParamType,...)} with simple type names and arrays as {@code T[]}. */
    String signature() {
        return signature;
    }

    Planner planner() {
        return planner;
    }

    /** Whether a gradient check's central differences can follow it (false for a round trip through FLOAT). */
    boolean numeric() {
        return numeric;
    }

    /** Makes the call on the graph's values. */
    Tensor apply(Call call, IntFunction<Tensor> values) {
        Object receiver = call.receiver() == null ? null : values.apply(call.receiver().id());
        Object[] args = call.args().stream().map(a -> a instanceof Ref r ? values.apply(r.id())
                : a instanceof Ref[] rs ? Arrays.stream(rs).map(x -> values.apply(x.id())).toArray(Tensor[]::new) : a)
                .toArray();
        try {
            return (Tensor) method.invoke(receiver, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The call as a Java expression, values named by {@code names}. */
    String java(Call call, IntFunction<String> names) {
        StringJoiner args = new StringJoiner(", ");
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            args.add(javaArg(call.args().get(i), names, method.isVarArgs() && i == types.length - 1));
        }
        String target = call.receiver() == null ? "Tensor" : names.apply(call.receiver().id());
        return target + "." + method.getName() + "(" + args + ")";
    }

    private static String javaArg(Object a, IntFunction<String> names, boolean varargs) {
        if (a instanceof Ref r) {
            return names.apply(r.id());
        }
        if (a instanceof Ref[] rs) {
            return Arrays.stream(rs).map(r -> names.apply(r.id())).collect(Collectors.joining(", "));
        }
        if (a instanceof int[] ints) {
            String list = Arrays.stream(ints).mapToObj(Integer::toString).collect(Collectors.joining(", "));
            return varargs ? list : "new int[] {" + list + "}";
        }
        if (a instanceof long[] longs) {
            String list = Arrays.stream(longs).mapToObj(Long::toString).collect(Collectors.joining(", "));
            return varargs ? list : "new long[] {" + list + "}";
        }
        if (a instanceof DataType t) {
            return "DataType." + t.name();
        }
        if (a instanceof Window2d w) {
            return String.format("new Window2d(%d, %d, %d, %d, %d, %d, %d, %d)", w.kernelHeight(), w.kernelWidth(),
                    w.strideHeight(), w.strideWidth(), w.paddingHeight(), w.paddingWidth(), w.dilationHeight(),
                    w.dilationWidth());
        }
        if (a instanceof Double d && d.isInfinite()) {
            return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return String.valueOf(a);   // Integer, Long, Boolean, Double (Double.toString is a Java literal)
    }

    /** The call as a PyTorch expression, values named by {@code names}. */
    String torch(Call call, IntFunction<String> names) {
        String out = torch;
        if (call.receiver() != null) {
            out = out.replace("{r}", names.apply(call.receiver().id()));
        }
        for (int i = 0; i < call.args().size(); i++) {
            out = out.replace("{" + i + "}", pythonArg(call.args().get(i), names));
        }
        return out;
    }

    private static String pythonArg(Object a, IntFunction<String> names) {
        if (a instanceof Ref r) {
            return names.apply(r.id());
        }
        if (a instanceof Ref[] rs) {
            return Arrays.stream(rs).map(r -> names.apply(r.id())).collect(Collectors.joining(", ", "[", "]"));
        }
        if (a instanceof int[] ints) {
            return tuple(Arrays.stream(ints).mapToObj(Integer::toString).toList());
        }
        if (a instanceof long[] longs) {
            return tuple(Arrays.stream(longs).mapToObj(Long::toString).toList());
        }
        if (a instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (a instanceof DataType t) {
            return t == DataType.FLOAT ? "torch.float32" : "torch.float64";
        }
        if (a instanceof Window2d w) {     // the keyword arguments of F.unfold, F.fold and F.max_pool2d
            return String.format("kernel_size=(%d, %d), dilation=(%d, %d), padding=(%d, %d), stride=(%d, %d)",
                    w.kernelHeight(), w.kernelWidth(), w.dilationHeight(), w.dilationWidth(), w.paddingHeight(),
                    w.paddingWidth(), w.strideHeight(), w.strideWidth());
        }
        if (a instanceof Double d && d.isInfinite()) {
            return d > 0 ? "math.inf" : "-math.inf";
        }
        return String.valueOf(a);
    }

    private static String tuple(java.util.List<String> items) {
        return items.size() == 1 ? "(" + items.get(0) + ",)" : "(" + String.join(", ", items) + ")";
    }

    /** The public Tensor method with this signature. */
    private static Method methodOf(String signature) {
        for (Method m : Tensor.class.getMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == Tensor.class && signatureOf(m).equals(signature)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Tensor has no public method " + signature);
    }

    static String signatureOf(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",")) + ")";
    }

    @Override
    public String toString() {
        return name;
    }
}
