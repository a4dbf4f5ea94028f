package dev.tally.pipeline.load;

import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.model.Pipeline;
import dev.tally.pipeline.model.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated pipeline with every expression compiled: what the services run.
 *
 * @param pipeline   the pipeline as declared
 * @param sources    compiled sources by name
 * @param fieldTypes the canonical fields and their types, in declaration order
 * @param aggregates the compiled aggregates, in declaration order
 */
public record CompiledPipeline(
        Pipeline pipeline,
        Map<String, CompiledSource> sources,
        Map<String, ValueType> fieldTypes,
        List<CompiledAggregate> aggregates) {

    public String name() {
        return pipeline.name();
    }

    public Optional<CompiledSource> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    public List<AggregateDefinition> aggregateDefinitions() {
        return aggregates.stream().map(CompiledAggregate::definition).toList();
    }

    /** The types of the group key fields, in key order. */
    public List<ValueType> keyTypes() {
        return pipeline.groupBy().stream().map(fieldTypes::get).toList();
    }
}
