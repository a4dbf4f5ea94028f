package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the fields of a persisted state strictly, saying what is wrong when it does not fit. */
final class StateFields {

    private StateFields() {
    }

    static JsonNode field(JsonNode state, String name, String what) {
        if (state == null || !state.isObject()) {
            throw new IllegalArgumentException(what + " state must be a JSON object, got " + state);
        }
        JsonNode node = state.get(name);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(what + " state has no field '" + name + "': " + state);
        }
        return node;
    }

    static long nonNegativeLong(JsonNode state, String name, String what) {
        JsonNode node = field(state, name, what);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new IllegalArgumentException(what + " state field '" + name + "' must be a non-negative long: " + state);
        }
        return node.longValue();
    }

    static JsonNode array(JsonNode state, String name, String what) {
        JsonNode node = field(state, name, what);
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " state field '" + name + "' must be an array: " + state);
        }
        return node;
    }

    static String text(JsonNode node, String what) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(what + " must be a string, got " + node);
        }
        return node.textValue();
    }
}
