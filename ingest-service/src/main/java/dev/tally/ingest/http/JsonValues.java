package dev.tally.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.DecimalLimits;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posted JSON values as the plain Java values a row image holds: integers as Long (BigInteger
 * past long), other numbers as exact BigDecimal, text, booleans, nested objects and arrays.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** The row image of a JSON object; {@code where} names it in errors. */
    static Map<String, Object> row(JsonNode object, String where) throws InvalidEventException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : object.properties()) {
            row.put(column.getKey(), value(column.getValue(), where + "." + column.getKey()));
        }
        return row;
    }

    static Object value(JsonNode node, String where) throws InvalidEventException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            BigDecimal decimal = node.decimalValue();
            if (!DecimalLimits.fits(decimal)) {
                throw new InvalidEventException(where + ": " + DecimalLimits.outOfRange(decimal));
            }
            return decimal;
        }
        if (node.isObject()) {
            return row(node, where);
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                items.add(value(node.get(i), where + "[" + i + "]"));
            }
            return items;
        }
        throw new InvalidEventException(where + ": unsupported JSON value " + node.getNodeType());
    }

    /** How a value reads in messages: "a string", "an array"... */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
