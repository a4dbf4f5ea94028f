package dev.tally.pipeline.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.DecimalLimits;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JsonConverter payloads into Java values: by the Connect schema when the message carries
 * one, otherwise by the JSON types alone (integers to Long or BigInteger, decimals to BigDecimal).
 * Column order is kept.
 */
final class ConnectValueConverter {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private ConnectValueConverter() {
    }

    /**
     * The columns of a row object, converted by its struct schema when there is one, else by the
     * JSON types alone.
     *
     * @param image the name of the row in reasons: before, after or key
     */
    static Map<String, Object> row(JsonNode row, JsonNode structSchema, String image) throws DecodingException {
        return structSchema == null ? plainRow(row, image) : schemaRow(row, structSchema, image);
    }

    /** The columns of a row object, converted by the JSON types alone. */
    private static Map<String, Object> plainRow(JsonNode row, String image) throws DecodingException {
        try {
            return JsonValues.row(row, image);
        } catch (IllegalArgumentException e) {
            throw new DecodingException(e.getMessage());
        }
    }

    /** The columns of a row object, converted by its struct schema. */
    private static Map<String, Object> schemaRow(JsonNode row, JsonNode structSchema, String image) throws DecodingException {
        JsonNode fields = structSchema.get("fields");
        if (fields == null || !fields.isArray()) {
            return plainRow(row, image);
        }
        Map<String, Object> columns = new LinkedHashMap<>(capacity(row.size()));
        for (JsonNode field : fields) {
            String column = field.path("field").asText();
            JsonNode value = row.get(column);
            if (value != null) {
                columns.put(column, convert(value, field, image, column));
            }
        }
        if (columns.size() < row.size()) {
            // Columns the schema does not describe: keep them rather than lose data.
            for (Map.Entry<String, JsonNode> column : row.properties()) {
                columns.putIfAbsent(column.getKey(), plain(column.getValue(), where(image, column.getKey())));
            }
        }
        return columns;
    }

    /** The schema of the field {@code name} of a struct schema, or null when it has none. */
    static JsonNode fieldSchema(JsonNode structSchema, String name) {
        JsonNode fields = structSchema.get("fields");
        if (fields != null && fields.isArray()) {
            for (JsonNode field : fields) {
                if (name.equals(field.path("field").asText(null))) {
                    return field;
                }
            }
        }
        return null;
    }

    /** A JSON value without a schema as plain Java (see {@link JsonValues}). */
    private static Object plain(JsonNode node, String where) throws DecodingException {
        try {
            return JsonValues.value(node, where);
        } catch (IllegalArgumentException e) {
            throw new DecodingException(e.getMessage());
        }
    }

    private static Object convert(JsonNode value, JsonNode schema, String image, String column) throws DecodingException {
        if (value.isNull()) {
            return null;
        }
        String name = schema.path("name").asText(null);
        if (name != null) {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal":
                    return decimal(value, schema, image, column);
                case "io.debezium.data.VariableScaleDecimal":
                    return variableScaleDecimal(value, image, column);
                case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date":
                    return date(integral(value, name, image, column), name, image, column);
                case "io.debezium.time.Timestamp", "org.apache.kafka.connect.data.Timestamp":
                    return Instant.ofEpochMilli(integral(value, name, image, column));
                case "io.debezium.time.MicroTimestamp": {
                    long micros = integral(value, name, image, column);
                    return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                            Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
                }
                case "io.debezium.time.NanoTimestamp": {
                    long nanos = integral(value, name, image, column);
                    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
                }
                case "io.debezium.time.ZonedTimestamp":
                    return zonedTimestamp(value, image, column);
                case "io.debezium.time.Time", "org.apache.kafka.connect.data.Time":
                    return timeOfDay(integral(value, name, image, column), 1_000_000L, name, image, column);
                case "io.debezium.time.MicroTime":
                    return timeOfDay(integral(value, name, image, column), 1_000L, name, image, column);
                case "io.debezium.time.NanoTime":
                    return timeOfDay(integral(value, name, image, column), 1L, name, image, column);
                case "io.debezium.time.ZonedTime":
                    return text(value, name, image, column);
                default:
                    break;
            }
        }
        String type = schema.path("type").asText("");
        return switch (type) {
            case "int8", "int16", "int32", "int64" -> integral(value, type, image, column);
            // JsonConverter names Connect's FLOAT32 and FLOAT64 "float" and "double".
            case "float", "double", "float32", "float64" -> floating(value, type, image, column);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    throw mismatch("boolean", value, image, column);
                }
                yield value.booleanValue();
            }
            case "string" -> text(value, type, image, column);
            case "bytes" -> base64(value, type, image, column);
            case "struct" -> {
                if (!value.isObject()) {
                    throw mismatch("struct", value, image, column);
                }
                yield schemaRow(value, schema, image);
            }
            case "array" -> array(value, schema, image, column);
            case "map" -> map(value, schema, image, column);
            default -> plain(value, where(image, column));
        };
    }

    private static BigDecimal decimal(JsonNode value, JsonNode schema, String image, String column) throws DecodingException {
        JsonNode scaleNode = schema.path("parameters").path("scale");
        int scale;
        try {
            scale = scaleNode.isNumber() ? scaleNode.intValue() : Integer.parseInt(scaleNode.asText());
        } catch (NumberFormatException e) {
            throw new DecodingException(where(image, column) + ": Decimal schema has no integer 'scale' parameter");
        }
        if (value.isNumber()) {
            // JsonConverter with decimal.format=NUMERIC writes the number itself.
            return withinLimits(value.decimalValue(), image, column);
        }
        byte[] unscaled = base64(value, "Decimal", image, column);
        if (unscaled.length == 0) {
            throw new DecodingException(where(image, column) + ": Decimal has no bytes");
        }
        return withinLimits(new BigDecimal(new BigInteger(unscaled), scale), image, column);
    }

    private static BigDecimal variableScaleDecimal(JsonNode value, String image, String column) throws DecodingException {
        if (!value.isObject()) {
            throw mismatch("VariableScaleDecimal struct {scale, value}", value, image, column);
        }
        JsonNode scale = value.get("scale");
        JsonNode unscaled = value.get("value");
        if (scale == null || !scale.canConvertToInt() || !scale.isIntegralNumber() || unscaled == null) {
            throw new DecodingException(where(image, column) + ": VariableScaleDecimal needs an integer 'scale' and a base64 'value'");
        }
        byte[] bytes = base64(unscaled, "VariableScaleDecimal", image, column);
        if (bytes.length == 0) {
            throw new DecodingException(where(image, column) + ": VariableScaleDecimal has no bytes");
        }
        return withinLimits(new BigDecimal(new BigInteger(bytes), scale.intValue()), image, column);
    }

    /**
     * The decimal, unless its plain text would be huge: a scale of -2147483647 makes one digit two billion, and
     * the row's key is written out in plain text.
     */
    private static BigDecimal withinLimits(BigDecimal decimal, String image, String column) throws DecodingException {
        if (!DecimalLimits.fits(decimal)) {
            throw new DecodingException(where(image, column) + ": " + DecimalLimits.outOfRange(decimal));
        }
        return decimal;
    }

    private static LocalDate date(long epochDay, String type, String image, String column) throws DecodingException {
        try {
            return LocalDate.ofEpochDay(epochDay);
        } catch (DateTimeException e) {
            throw new DecodingException(where(image, column) + ": " + type + " " + epochDay + " is out of the range of dates");
        }
    }

    private static Instant zonedTimestamp(JsonNode value, String image, String column) throws DecodingException {
        String text = text(value, "ZonedTimestamp", image, column);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new DecodingException(where(image, column) + ": ZonedTimestamp '" + text + "' is not an ISO-8601 date-time with offset");
        }
    }

    private static LocalTime timeOfDay(long units, long nanosPerUnit, String type, String image, String column) throws DecodingException {
        long nanos = units * nanosPerUnit;
        if (units < 0 || nanos / nanosPerUnit != units || nanos >= 86_400L * NANOS_PER_SECOND) {
            throw new DecodingException(where(image, column) + ": " + type + " " + units + " is not a time of day (24:00 and later are not representable)");
        }
        return LocalTime.ofNanoOfDay(nanos);
    }

    private static long integral(JsonNode value, String type, String image, String column) throws DecodingException {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw mismatch(type + " (an integer)", value, image, column);
        }
        return value.longValue();
    }

    private static double floating(JsonNode value, String type, String image, String column) throws DecodingException {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            // Jackson writes non-finite doubles as strings.
            switch (value.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw mismatch(type + " (a number)", value, image, column);
    }

    private static String text(JsonNode value, String type, String image, String column) throws DecodingException {
        if (!value.isTextual()) {
            throw mismatch(type + " (a string)", value, image, column);
        }
        return value.textValue();
    }

    private static byte[] base64(JsonNode value, String type, String image, String column) throws DecodingException {
        String text = text(value, type + " bytes (base64)", image, column);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new DecodingException(where(image, column) + ": " + type + " value is not base64: " + e.getMessage());
        }
    }

    private static List<Object> array(JsonNode value, JsonNode schema, String image, String column) throws DecodingException {
        if (!value.isArray()) {
            throw mismatch("array", value, image, column);
        }
        JsonNode items = schema.get("items");
        List<Object> list = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            list.add(items == null ? plain(item, where(image, column)) : convert(item, items, image, column));
        }
        return list;
    }

    /** JsonConverter writes string-keyed maps as objects and other maps as arrays of [key, value] pairs. */
    private static Map<Object, Object> map(JsonNode value, JsonNode schema, String image, String column) throws DecodingException {
        JsonNode keys = schema.get("keys");
        JsonNode values = schema.get("values");
        Map<Object, Object> map = new LinkedHashMap<>(capacity(value.size()));
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                map.put(entry.getKey(), values == null ? plain(entry.getValue(), where(image, column)) : convert(entry.getValue(), values, image, column));
            }
            return map;
        }
        if (!value.isArray()) {
            throw mismatch("map", value, image, column);
        }
        for (JsonNode pair : value) {
            if (!pair.isArray() || pair.size() != 2) {
                throw mismatch("map entry [key, value]", pair, image, column);
            }
            Object k = keys == null ? plain(pair.get(0), where(image, column)) : convert(pair.get(0), keys, image, column);
            Object v = values == null ? plain(pair.get(1), where(image, column)) : convert(pair.get(1), values, image, column);
            map.put(k, v);
        }
        return map;
    }

    private static DecodingException mismatch(String expected, JsonNode value, String image, String column) {
        return new DecodingException(where(image, column) + ": expected " + expected + ", got " + describe(value));
    }

    /** A JSON value's type and, shortened, the value itself, for reasons. */
    static String describe(JsonNode value) {
        String text = value.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return "a JSON " + value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
    }

    private static String where(String image, String column) {
        return image + "." + column;
    }

    private static int capacity(int size) {
        return (int) (size / 0.75f) + 1;
    }
}
