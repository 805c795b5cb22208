package dev.ndgrad.tests.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The arguments of one call of a Tensor method in a random graph: the receiver (null for a static method) and the
 * arguments in the method's order. A tensor argument is a {@link Ref} to a value of the graph ({@code Ref[]} for a
 * {@code Tensor...} parameter); the others are literals: {@code Integer}, {@code Long}, {@code Boolean},
 * {@code Double}, {@code int[]}, {@code long[]}, {@code DataType}, {@code Window2d}.
 */
record Call(Ref receiver, List<Object> args) {

    /** A value of the graph, by its position. */
    record Ref(int id) {}

    static Call on(int receiver, Object... args) {
        return new Call(new Ref(receiver), List.of(args));
    }

    static Call statically(Object... args) {
        return new Call(null, List.of(args));
    }

    static Ref ref(int id) {
        return new Ref(id);
    }

    static Ref[] refs(List<Integer> ids) {
        return ids.stream().map(Ref::new).toArray(Ref[]::new);
    }

    /** The values this call reads, receiver first. */
    List<Integer> inputs() {
        List<Integer> ids = new java.util.ArrayList<>();
        if (receiver != null) {
            ids.add(receiver.id());
        }
        for (Object a : args) {
            if (a instanceof Ref r) {
                ids.add(r.id());
            } else if (a instanceof Ref[] rs) {
                Arrays.stream(rs).forEach(r -> ids.add(r.id()));
            }
        }
        return ids;
    }

    /** The same call with every reference renumbered by {@code renumber}. */
    Call renumbered(java.util.function.IntUnaryOperator renumber) {
        Ref r = receiver == null ? null : new Ref(renumber.applyAsInt(receiver.id()));
        List<Object> out = args.stream().map(a -> a instanceof Ref ref ? new Ref(renumber.applyAsInt(ref.id()))
                : a instanceof Ref[] rs ? Arrays.stream(rs).map(x -> new Ref(renumber.applyAsInt(x.id())))
                        .toArray(Ref[]::new) : a).toList();
        return new Call(r, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Call c && Objects.equals(receiver, c.receiver) && Arrays.deepEquals(args.toArray(),
                c.args.toArray());
    }

    @Override
    public int hashCode() {
        return Objects.hash(receiver, Arrays.deepHashCode(args.toArray()));
    }
}
