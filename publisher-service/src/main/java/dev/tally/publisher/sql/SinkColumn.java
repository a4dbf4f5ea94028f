package dev.tally.publisher.sql;

import dev.tally.pipeline.model.ValueType;

/**
 * A column of a sink table.
 *
 * @param name    the column name (group key field, window bound, aggregate, version or updated_at)
 * @param type    the type of its values
 * @param notNull whether a created table declares it NOT NULL
 */
record SinkColumn(String name, ValueType type, boolean notNull) {

    String quoted() {
        return SqlIdentifiers.quote(name);
    }

    /** Its definition in CREATE TABLE. */
    String definition() {
        return quoted() + " " + SqlTypes.columnType(type) + (notNull ? " NOT NULL" : "");
    }
}
