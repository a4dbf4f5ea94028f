package dev.tally.pipeline.load;

import com.fasterxml.jackson.databind.JsonNode;

/** Names of YAML node kinds, for problem reports. */
final class Nodes {

    private Nodes() {
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "the text '" + node.asText() + "'";
        }
        return "the value " + node;
    }
}
