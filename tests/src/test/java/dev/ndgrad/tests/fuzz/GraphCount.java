package dev.ndgrad.tests.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets the number of graphs a fuzzing property checks from the system property {@value #PROPERTY} when it is given
 * (a long soak: {@code -Dndgrad.fuzz.graphs=100000}); otherwise the property's own {@code tries} stand.
 */
final class GraphCount implements AroundPropertyHook {

    static final String PROPERTY = "ndgrad.fuzz.graphs";

    /** The graphs to check: the system property if set, else {@code defaultCount}. */
    static int orDefault(int defaultCount) {
        String value = System.getProperty(PROPERTY, "").strip();
        if (value.isEmpty()) {
            return defaultCount;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive number of graphs, got '" + value + "'");
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().tries().ifPresent(tries -> context.attributes().setTries(orDefault(tries)));
        return property.execute();
    }
}
