package dev.tally.pipeline.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.DecimalLimits;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as the plain Java values a row image holds, by the JSON types alone: integers as Long
 * (BigInteger past long), other numbers as exact BigDecimal, text, booleans, nested objects as maps and
 * arrays as lists. What Debezium records without schemas and posted events both carry.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * The columns of a JSON object, in order.
     *
     * @param where names the object in errors, e.g. {@code after}
     * @throws IllegalArgumentException naming the column whose value cannot be held exactly
     */
    public static Map<String, Object> row(JsonNode object, String where) {
        Map<String, Object> row = LinkedHashMap.newLinkedHashMap(object.size());
        for (Map.Entry<String, JsonNode> column : object.properties()) {
            row.put(column.getKey(), value(column.getValue(), where + "." + column.getKey()));
        }
        return row;
    }

    /**
     * One JSON value as plain Java.
     *
     * @throws IllegalArgumentException starting with {@code where} when a decimal is out of range
     */
    public static Object value(JsonNode node, String where) {
        if (node == null) {
            return null;
        }
        switch (node.getNodeType()) {
            case NULL, MISSING:
                return null;
            case BOOLEAN:
                return node.booleanValue();
            case STRING:
                return node.textValue();
            case NUMBER:
                if (node.isIntegralNumber()) {
                    return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
                }
                BigDecimal decimal = node.decimalValue();
                if (!DecimalLimits.fits(decimal)) {
                    throw new IllegalArgumentException(where + ": " + DecimalLimits.outOfRange(decimal));
                }
                return decimal;
            case OBJECT:
                return row(node, where);
            case ARRAY: {
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(value(node.get(i), where + "[" + i + "]"));
                }
                return items;
            }
            default:
                throw new IllegalArgumentException(where + ": unsupported JSON value " + node.getNodeType());
        }
    }
}
