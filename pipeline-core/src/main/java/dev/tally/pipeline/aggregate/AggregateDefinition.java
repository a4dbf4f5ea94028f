package dev.tally.pipeline.aggregate;

import dev.tally.pipeline.model.ValueType;

/** One aggregate of a pipeline as the accumulators see it: its name, function and input type. */
public record AggregateDefinition(String name, AggregateFunction function, ValueType inputType) {
}
