package dev.tally.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.window.Window;

/** The envelope parts that change events and aggregate updates share in JSON: window and required fields. */
final class EventJson {

    private final String what;

    EventJson(String what) {
        this.what = what;
    }

    /** Writes {@code "window": {start, end}} when there is a window. */
    void writeWindow(ObjectNode root, Window window) {
        if (window != null) {
            root.putObject("window").put("start", window.start().toString()).put("end", window.end().toString());
        }
    }

    Window readWindow(JsonNode root) {
        JsonNode window = root.get("window");
        return window == null || window.isNull() ? null
                : new Window(UtcTimestamps.parse(text(window, "start")), UtcTimestamps.parse(text(window, "end")));
    }

    JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(what + " has no '" + field + "'");
        }
        return value;
    }

    String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    /** Checks a decoded root is an object of the expected pipeline, and returns the pipeline name. */
    String checkPipeline(JsonNode root, String expected) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        String name = text(root, "pipeline");
        if (!expected.equals(name)) {
            throw new IllegalArgumentException(what + " of pipeline '" + name + "' read as pipeline '" + expected + "'");
        }
        return name;
    }
}
