package dev.tally.pipeline.cdc;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;

/**
 * The {@code source} block of a change envelope, read field by field with reasons that name the
 * connector and the field. Numbers are also accepted as numeric strings, as some connectors and
 * converters write them that way.
 */
final class SourceBlock {

    private final JsonNode source;
    private final String connector;

    SourceBlock(JsonNode source, String connector) {
        this.source = source;
        this.connector = connector;
    }

    String connector() {
        return connector;
    }

    /**
     * Whether the change comes from a snapshot: Debezium writes "true", "first", "last",
     * "incremental" and the like for snapshot rows, "false" or nothing for streamed ones, and
     * versions before 2.0 a boolean.
     */
    boolean isSnapshot() {
        JsonNode snapshot = source.get("snapshot");
        if (snapshot == null || snapshot.isNull()) {
            return false;
        }
        if (snapshot.isBoolean()) {
            return snapshot.booleanValue();
        }
        return !snapshot.asText().equals("false");
    }

    /** Whether an incremental snapshot read the row ({@code snapshot: "incremental"}), as signals ask for. */
    boolean isIncrementalSnapshot() {
        JsonNode snapshot = source.get("snapshot");
        return snapshot != null && "incremental".equals(snapshot.asText());
    }

    /** The field's text, or null when it is absent or null. */
    String text(String field) throws DecodingException {
        JsonNode node = source.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.asText();
        }
        throw invalid(field, "a string", node);
    }

    String requiredText(String field) throws DecodingException {
        String text = text(field);
        if (text == null) {
            throw missing(field);
        }
        return text;
    }

    /** The field as a long, or null when it is absent or null. */
    Long optionalLong(String field) throws DecodingException {
        JsonNode node = source.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.textValue());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw invalid(field, "an integer", node);
    }

    long requiredLong(String field) throws DecodingException {
        Long value = optionalLong(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    /** The field as a non-negative integer of any size (Oracle SCNs), or null when absent or null. */
    BigInteger optionalUnsignedInteger(String field) throws DecodingException {
        JsonNode node = source.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.signum() >= 0) {
                return value;
            }
        } else if (node.isTextual() && isDigits(node.textValue())) {
            return new BigInteger(node.textValue());
        }
        throw invalid(field, "a non-negative integer", node);
    }

    BigInteger requiredUnsignedInteger(String field) throws DecodingException {
        BigInteger value = optionalUnsignedInteger(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    DecodingException missing(String field) {
        return new DecodingException(connector + " source has no '" + field + "' field");
    }

    DecodingException invalid(String field, String expected, JsonNode node) {
        return invalid(field, expected + ", got " + ConnectValueConverter.describe(node));
    }

    DecodingException invalid(String field, String problem) {
        return new DecodingException(connector + " source field '" + field + "' is not " + problem);
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
