package dev.tally.pipeline.aggregate;

import dev.tally.pipeline.model.ValueType;

/** Checks that an input value has the Java type its declared value type promises. */
final class Inputs {

    private Inputs() {
    }

    static void requireType(Object value, ValueType type, String aggregate) {
        if (!type.javaType().isInstance(value)) {
            throw new IllegalArgumentException(aggregate + " takes " + type.javaType().getSimpleName()
                    + " inputs (" + type.yamlName() + "), got " + value.getClass().getName() + ": " + value);
        }
    }

    static String label(AggregateFunction function, ValueType type) {
        return function.yamlName() + "(" + (type == null ? "" : type.yamlName()) + ")";
    }
}
