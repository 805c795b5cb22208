package dev.ndgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declaration of one of ndgrad's primitive ops: its name and whether its output may share memory
 * with an input (a view). Every built-in {@link Primitive} has a kind, and every kind is listed in
 * {@link OpRegistry}: the per-op property table must have a row for each (a test fails the build for a
 * kind without one).
 */
final class OpKind {

    private static final Map<String, OpKind> ALL = new ConcurrentHashMap<>();

    private final String name;
    private final int viewOf;

    private OpKind(String name, int viewOf) {
        this.name = name;
        this.viewOf = viewOf;
    }

    /** A kind whose output is always a new array. */
    static OpKind of(String name) {
        return register(new OpKind(name, -1));
    }

    /** A kind whose output may be a view of input {@code input} (reshape, identity shortcuts). */
    static OpKind viewOf(String name, int input) {
        return register(new OpKind(name, input));
    }

    private static OpKind register(OpKind kind) {
        OpKind before = ALL.putIfAbsent(kind.name, kind);
        checkArgument(before == null, "op kind '%s' is declared twice", kind.name);
        return kind;
    }

    String name() {
        return name;
    }

    /** The input whose memory the output may share, or −1 for an op that always writes a new array. */
    int mayBeViewOf() {
        return viewOf;
    }

    /** Every kind declared so far, by name. */
    static Map<String, OpKind> declared() {
        return Collections.unmodifiableMap(new TreeMap<>(ALL));
    }

    static Set<String> names() {
        return declared().keySet();
    }

    @Override
    public String toString() {
        return name;
    }
}
