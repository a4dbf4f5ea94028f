package dev.tally.pipeline.load;

import dev.tally.pipeline.expr.CompiledExpression;
import dev.tally.pipeline.model.SourceDefinition;
import java.util.Map;
import java.util.Optional;

/**
 * A source with its expressions compiled.
 *
 * @param definition the source as declared
 * @param fields     canonical field name to its expression over the columns, in declaration order
 * @param where      the compiled filter, if any
 */
public record CompiledSource(SourceDefinition definition, Map<String, CompiledExpression> fields,
                             Optional<CompiledExpression> where) {

    public String name() {
        return definition.name();
    }
}
