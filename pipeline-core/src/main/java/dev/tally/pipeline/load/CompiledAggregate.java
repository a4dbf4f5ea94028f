package dev.tally.pipeline.load;

import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.expr.CompiledExpression;
import java.util.Optional;

/**
 * An aggregate with its argument compiled over the canonical fields.
 *
 * @param definition name, function and input type
 * @param argument   the compiled argument; empty for {@code count()}
 */
public record CompiledAggregate(AggregateDefinition definition, Optional<CompiledExpression> argument) {

    public String name() {
        return definition.name();
    }
}
