package dev.tally.pipeline.aggregate;

import dev.tally.pipeline.model.ValueType;
import java.util.Objects;

/**
 * One declared aggregate of a pipeline.
 *
 * @param name      the output name, unique within the pipeline
 * @param function  the aggregate function
 * @param inputType the type of the argument; null only for {@code count()}
 * @param argument  the argument's expression, when known: min and max of the same argument share
 *                  their values in a state
 */
public record AggregateDefinition(String name, AggregateFunction function, ValueType inputType, String argument) {

    public AggregateDefinition(String name, AggregateFunction function, ValueType inputType) {
        this(name, function, inputType, null);
    }

    public AggregateDefinition {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an aggregate needs a name");
        }
        Objects.requireNonNull(function, "function of aggregate " + name);
        try {
            Accumulators.requireSupported(function, inputType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("aggregate " + name + ": " + e.getMessage(), e);
        }
    }

    /** The type of the values a row contributes: the argument's, or for {@code count()} the Long 1 of every row. */
    public ValueType contributionType() {
        return inputType == null ? ValueType.LONG : inputType;
    }

    /** The type of this aggregate's results. */
    public ValueType resultType() {
        return Accumulators.resultType(function, inputType);
    }
}
