package dev.tally.pipeline.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Writes typed values to JSON and reads them back exactly: decimals as strings, times in ISO-8601. */
public final class TypedJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TypedJson() {
    }

    /** The JSON form of a value of the given type; null becomes JSON null. */
    public static JsonNode write(Object value, ValueType type) {
        if (value == null) {
            return NullNode.getInstance();
        }
        return switch (type) {
            case LONG -> JSON.numberNode((Long) value);
            // JSON has no NaN or infinities; Double.parseDouble reads these spellings back.
            case DOUBLE -> Double.isFinite((Double) value) ? JSON.numberNode((Double) value) : JSON.textNode(value.toString());
            case DECIMAL -> JSON.textNode(value.toString());
            case STRING -> JSON.textNode((String) value);
            case BOOLEAN -> JSON.booleanNode((Boolean) value);
            case TIMESTAMP, DATE -> JSON.textNode(value.toString());
        };
    }

    /** Reads a value written by {@link #write}; JSON null (or a missing node) is null. */
    public static Object read(JsonNode node, ValueType type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            Object value = switch (type) {
                case LONG -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue() : null;
                case DOUBLE -> node.isNumber() ? (Object) node.doubleValue() : node.isTextual() ? nonFinite(node.textValue()) : null;
                case DECIMAL -> node.isTextual() ? new BigDecimal(node.textValue()) : null;
                case STRING -> node.isTextual() ? node.textValue() : null;
                case BOOLEAN -> node.isBoolean() ? (Object) node.booleanValue() : null;
                case TIMESTAMP -> node.isTextual() ? Instant.parse(node.textValue()) : null;
                case DATE -> node.isTextual() ? LocalDate.parse(node.textValue()) : null;
            };
            if (value != null) {
                return value;
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(node, type, e);
        }
        throw invalid(node, type, null);
    }

    private static Double nonFinite(String text) {
        double d = Double.parseDouble(text);
        return Double.isFinite(d) ? null : d;
    }

    private static IllegalArgumentException invalid(JsonNode node, ValueType type, Exception cause) {
        return new IllegalArgumentException("JSON value " + node + ", which is not a " + type.yamlName() + " value", cause);
    }
}
