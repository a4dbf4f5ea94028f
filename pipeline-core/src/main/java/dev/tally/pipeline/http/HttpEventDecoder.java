package dev.tally.pipeline.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tally.pipeline.cdc.HttpPosition;
import dev.tally.pipeline.cdc.JsonValues;
import dev.tally.pipeline.cdc.Operation;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.cdc.TableId;
import dev.tally.pipeline.model.SourceDefinition;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes what is posted to an http source, as {@link dev.tally.pipeline.cdc.DebeziumEnvelopeDecoder} decodes
 * Debezium records: one JSON object or an array of them, each either a
 * plain row (the source's columns: an insert) or a change envelope
 * {@code {"op":"c"|"u"|"d","id":"...","key":{...},"before":{...},"after":{...}}}. Numbers stay
 * exact. Thread-safe.
 */
public final class HttpEventDecoder {

    private static final Set<String> ENVELOPE_FIELDS = Set.of("op", "id", "key", "before", "after");

    private static final ObjectMapper JSON = JsonMapper.builder()
            // Exact decimals: never through double, and 12.50 stays 12.50.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A parsed body: its elements, and whether they came as an array (element ids then get an index). */
    public record Body(List<JsonNode> elements, boolean array) {
    }

    /**
     * Parses a body.
     *
     * @throws InvalidEventException when it is empty, not JSON, or neither an object nor an array
     */
    public Body read(byte[] body) throws InvalidEventException {
        if (body == null || body.length == 0) {
            throw new InvalidEventException("the body is empty; post one JSON object or an array of them");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new InvalidEventException("the body is not JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new InvalidEventException("the body cannot be read: " + e.getMessage());
        } catch (NumberFormatException e) {
            // Jackson refuses a decimal whose exponent a BigDecimal cannot hold (1e10000000000) this way, not as a
            // parse error.
            throw new InvalidEventException("the body holds a number that cannot be read exactly: " + e.getMessage());
        }
        if (root.isArray()) {
            List<JsonNode> elements = new ArrayList<>(root.size());
            root.forEach(elements::add);
            return new Body(elements, true);
        }
        if (root.isObject()) {
            return new Body(List.of(root), false);
        }
        throw new InvalidEventException("the body is " + describe(root)
                + "; post one JSON object (a row or a change envelope) or an array of them");
    }

    /**
     * The row change an element stands for.
     *
     * @param fallbackId the id of its source position when the element is not an envelope with an {@code id}
     * @throws InvalidEventException saying what is wrong with the element
     */
    public RowChange change(JsonNode element, SourceDefinition source, String fallbackId, Instant receivedAt)
            throws InvalidEventException {
        if (!element.isObject()) {
            throw new InvalidEventException("the element is " + describe(element)
                    + ", not an object (a row of source " + source.name() + ", or a change envelope)");
        }
        TableId table = new TableId(null, null, source.name());
        if (!isEnvelope(element, source)) {
            return new RowChange(Operation.CREATE, table, null, null, row(element, "row"), receivedAt,
                    new HttpPosition(fallbackId, receivedAt.toEpochMilli()), false);
        }
        for (String field : (Iterable<String>) element::fieldNames) {
            if (!ENVELOPE_FIELDS.contains(field)) {
                throw new InvalidEventException("unknown envelope field '" + field
                        + "'; a change envelope has op, id, key, before and after");
            }
        }
        Operation op = operation(element.get("op"));
        String id = id(element.get("id"), fallbackId);
        Map<String, Object> key = optionalObject(element, "key");
        Map<String, Object> before = optionalObject(element, "before");
        Map<String, Object> after = optionalObject(element, "after");
        switch (op) {
            case CREATE -> {
                require(after, "an insert ('c')", "after");
                refuse(before, "an insert ('c')", "before");
            }
            case UPDATE -> {
                require(before, "an update ('u')", "before");
                require(after, "an update ('u')", "after");
            }
            case DELETE -> {
                require(before, "a delete ('d')", "before");
                refuse(after, "a delete ('d')", "after");
            }
            default -> throw new IllegalStateException("operation " + op + " passed the check of 'op'");
        }
        return new RowChange(op, table, key, before, after, receivedAt, new HttpPosition(id, receivedAt.toEpochMilli()),
                false);
    }

    /** An object with {@code op} is an envelope, unless {@code op} is a column of the source and it has no row images. */
    private static boolean isEnvelope(JsonNode element, SourceDefinition source) {
        return element.has("op")
                && (!source.columns().containsKey("op") || element.has("before") || element.has("after"));
    }

    private static Operation operation(JsonNode op) throws InvalidEventException {
        if (op != null && op.isTextual()) {
            switch (op.textValue()) {
                case "c":
                    return Operation.CREATE;
                case "u":
                    return Operation.UPDATE;
                case "d":
                    return Operation.DELETE;
                default:
                    break;
            }
        }
        throw new InvalidEventException("envelope field 'op' is " + (op == null ? "missing" : op.toString())
                + "; expected \"c\" (insert), \"u\" (update) or \"d\" (delete)");
    }

    private static String id(JsonNode id, String fallbackId) throws InvalidEventException {
        if (id == null || id.isNull()) {
            return fallbackId;
        }
        if (id.isTextual() && !id.textValue().isBlank()) {
            return id.textValue();
        }
        if (id.isIntegralNumber()) {
            return id.asText();
        }
        throw new InvalidEventException("envelope field 'id' is " + describe(id)
                + (id.isTextual() ? " that is blank" : "") + "; give a non-empty string that identifies the change");
    }

    private static Map<String, Object> optionalObject(JsonNode envelope, String field) throws InvalidEventException {
        JsonNode node = envelope.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidEventException("envelope field '" + field + "' is " + describe(node)
                    + ", not an object of columns");
        }
        return row(node, field);
    }

    private static Map<String, Object> row(JsonNode object, String where) throws InvalidEventException {
        try {
            return JsonValues.row(object, where);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage());
        }
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

    private static void require(Map<String, Object> image, String change, String field) throws InvalidEventException {
        if (image == null) {
            throw new InvalidEventException(change + " needs '" + field + "': the row " + field + " the change");
        }
    }

    private static void refuse(Map<String, Object> image, String change, String field) throws InvalidEventException {
        if (image != null) {
            throw new InvalidEventException(change + " has no '" + field + "'; send an update ('u') to change a row");
        }
    }
}
