package dev.tally.pipeline.model;

import dev.tally.pipeline.aggregate.AggregateFunction;
import java.util.Optional;

/**
 * One declared aggregate, such as {@code revenue: sum(quantity * unit_price)}.
 *
 * @param name     the aggregate's name: a column of the sink
 * @param function the function
 * @param argument the CEL expression over canonical fields; empty for {@code count()}
 */
public record AggregateSpec(String name, AggregateFunction function, Optional<String> argument) {

    @Override
    public String toString() {
        return name + ": " + function.yamlName() + "(" + argument.orElse("") + ")";
    }
}
