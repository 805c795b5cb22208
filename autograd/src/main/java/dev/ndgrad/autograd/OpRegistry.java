package dev.ndgrad.autograd;

import java.util.List;
import java.util.Map;

/**
 * Every primitive op ndgrad declares, grouped by the family file that declares it (each op's forward
 * and backward side by side there). Loading the families registers their {@link OpKind}s.
 */
final class OpRegistry {

    /** The family classes, each a file of op declarations. */
    static final List<Class<?>> FAMILIES = List.of(ArithmeticOps.class, UnaryOps.class, ReductionOps.class,
            LinalgOps.class, ShapeOps.class, LossOps.class, PatchOps.class);

    private OpRegistry() {}

    /** All primitive kinds, by name (loading every family first). */
    static Map<String, OpKind> all() {
        for (Class<?> family : FAMILIES) {
            try {
                Class.forName(family.getName(), true, family.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
        return OpKind.declared();
    }
}
