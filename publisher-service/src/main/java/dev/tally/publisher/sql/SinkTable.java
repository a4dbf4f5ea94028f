package dev.tally.publisher.sql;

import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SqlSinkDefinition;
import dev.tally.pipeline.model.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The shape of a SQL sink's table, derived from its pipeline: one row per group (and window), keyed by the group key
 * fields (and {@code window_start}, {@code window_end}), with one column per aggregate, {@code version} and
 * {@code updated_at}.
 *
 * @param name       the table
 * @param keyColumns the columns that identify a row: the unique key
 * @param aggregates the aggregate columns, in declaration order
 */
record SinkTable(TableName name, List<SinkColumn> keyColumns, List<SinkColumn> aggregates) {

    static final SinkColumn VERSION = new SinkColumn("version", ValueType.LONG, true);
    static final SinkColumn UPDATED_AT = new SinkColumn("updated_at", ValueType.TIMESTAMP, true);

    SinkTable {
        keyColumns = List.copyOf(keyColumns);
        aggregates = List.copyOf(aggregates);
    }

    static SinkTable of(CompiledPipeline pipeline, SqlSinkDefinition sink) {
        List<SinkColumn> key = new ArrayList<>();
        for (String field : pipeline.pipeline().groupBy()) {
            key.add(new SinkColumn(field, pipeline.fieldTypes().get(field), false));
        }
        if (pipeline.pipeline().window().isPresent()) {
            key.add(new SinkColumn("window_start", ValueType.TIMESTAMP, true));
            key.add(new SinkColumn("window_end", ValueType.TIMESTAMP, true));
        }
        List<SinkColumn> aggregates = new ArrayList<>();
        for (AggregateDefinition aggregate : pipeline.aggregateDefinitions()) {
            aggregates.add(new SinkColumn(aggregate.name(), aggregate.resultType(), false));
        }
        SinkTable table = new SinkTable(TableName.parse(sink.table()), key, aggregates);
        Set<String> names = new HashSet<>();
        for (SinkColumn column : table.columns()) {
            if (!names.add(column.name())) {
                throw new IllegalStateException("pipeline " + pipeline.name() + " (" + pipeline.pipeline().file()
                        + "): SQL sink '" + sink.name() + "' would have two columns named '" + column.name()
                        + "'; rename the group key field or aggregate (version, updated_at, window_start and "
                        + "window_end are the sink's own columns)");
            }
        }
        return table;
    }

    boolean windowed() {
        return keyColumns.stream().anyMatch(c -> c.name().equals("window_start"));
    }

    /** Every column, in table order. */
    List<SinkColumn> columns() {
        return Stream.of(keyColumns, aggregates, List.of(VERSION, UPDATED_AT)).flatMap(List::stream).toList();
    }

    /** The unique key as a column list, e.g. {@code ("product_id", "window_start", "window_end")}. */
    String keyList() {
        return keyColumns.stream().map(SinkColumn::quoted).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * CREATE TABLE for a missing table. The key is unique with NULLS NOT DISTINCT (PostgreSQL 15+), so a group whose
     * key value is null is one row too, and the upsert's ON CONFLICT finds it.
     */
    String createStatement() {
        String columns = columns().stream().map(SinkColumn::definition).collect(Collectors.joining(",\n    "));
        return "CREATE TABLE IF NOT EXISTS " + name.quoted() + " (\n    " + columns + ",\n    UNIQUE NULLS NOT DISTINCT "
                + keyList() + "\n)";
    }
}
