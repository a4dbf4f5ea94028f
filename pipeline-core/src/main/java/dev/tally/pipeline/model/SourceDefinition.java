package dev.tally.pipeline.model;

import java.util.Map;
import java.util.Optional;

/**
 * One source of a pipeline.
 *
 * @param name      unique within the pipeline
 * @param type      where changes come from
 * @param connector the KafkaConnector resource that captures it (CDC sources)
 * @param topic     the raw change topic, when it is not derived from the connector
 * @param table     the captured table, {@code schema.table} (CDC sources)
 * @param columns   the source columns the pipeline reads, with their types
 * @param fields    canonical field name to CEL expression over the columns, in file order
 * @param where     an optional CEL filter over the columns: rows for which it is false do not count
 */
public record SourceDefinition(
        String name,
        SourceType type,
        Optional<String> connector,
        Optional<String> topic,
        Optional<String> table,
        Map<String, ValueType> columns,
        Map<String, String> fields,
        Optional<String> where) {
}
