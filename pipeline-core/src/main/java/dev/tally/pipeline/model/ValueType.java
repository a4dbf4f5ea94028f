package dev.tally.pipeline.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/** The type of a source column or a canonical field, and the Java type its values have. */
public enum ValueType {
    LONG(Long.class),
    DOUBLE(Double.class),
    DECIMAL(BigDecimal.class),
    STRING(String.class),
    BOOLEAN(Boolean.class),
    TIMESTAMP(Instant.class),
    DATE(LocalDate.class);

    private final Class<?> javaType;

    ValueType(Class<?> javaType) {
        this.javaType = javaType;
    }

    public Class<?> javaType() {
        return javaType;
    }

    public boolean isNumeric() {
        return this == LONG || this == DOUBLE || this == DECIMAL;
    }

    /** The name used in pipeline files: long, double, decimal, string, boolean, timestamp, date. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a pipeline-file type name; {@code int} and {@code bigint} are accepted for long. */
    public static Optional<ValueType> fromYamlName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "long", "int", "integer", "bigint" -> Optional.of(LONG);
            case "double", "float" -> Optional.of(DOUBLE);
            case "decimal", "numeric" -> Optional.of(DECIMAL);
            case "string", "text" -> Optional.of(STRING);
            case "boolean", "bool" -> Optional.of(BOOLEAN);
            case "timestamp", "timestamptz" -> Optional.of(TIMESTAMP);
            case "date" -> Optional.of(DATE);
            default -> Optional.empty();
        };
    }
}
