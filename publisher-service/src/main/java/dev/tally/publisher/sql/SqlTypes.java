package dev.tally.publisher.sql;

import dev.tally.pipeline.model.ValueType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/** How Tally's value types are stored in PostgreSQL, and how their Java values are bound to statements. */
final class SqlTypes {

    private SqlTypes() {
    }

    /** The column type a created table gets. */
    static String columnType(ValueType type) {
        return switch (type) {
            case LONG -> "bigint";
            case DOUBLE -> "double precision";
            case DECIMAL -> "numeric";
            case STRING -> "text";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamptz";
            case DATE -> "date";
        };
    }

    /**
     * The column types (as {@code format_type(atttypid, NULL)} names them) of an existing table that hold every value
     * of {@code type} without loss.
     */
    static Set<String> compatible(ValueType type) {
        return switch (type) {
            case LONG -> Set.of("bigint", "numeric");
            case DOUBLE -> Set.of("double precision");
            case DECIMAL -> Set.of("numeric");
            case STRING -> Set.of("text", "character varying");
            case BOOLEAN -> Set.of("boolean");
            case TIMESTAMP -> Set.of("timestamp with time zone");
            case DATE -> Set.of("date");
        };
    }

    /** The value to bind for a column of {@code type}: the PostgreSQL client takes timestamps as OffsetDateTime. */
    static Object bind(Object value, ValueType type) {
        if (value instanceof Instant instant && type == ValueType.TIMESTAMP) {
            return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        return value;
    }
}
