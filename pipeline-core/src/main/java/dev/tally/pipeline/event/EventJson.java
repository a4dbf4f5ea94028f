package dev.tally.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.TypedJson;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The parts that change events and aggregate updates share in JSON: group key, window, required fields. */
final class EventJson {

    private final String what;
    private final List<String> keyFields;
    private final List<ValueType> keyTypes;

    EventJson(CompiledPipeline pipeline, String what) {
        this.what = what;
        this.keyFields = pipeline.pipeline().groupBy();
        this.keyTypes = pipeline.keyTypes();
    }

    /** Writes {@code "key": {field: value, ...}} and, when there is one, {@code "window": {start, end}}. */
    void writeKeyAndWindow(ObjectNode root, GroupKey key, Window window) {
        ObjectNode node = root.putObject("key");
        for (int i = 0; i < keyFields.size(); i++) {
            node.set(keyFields.get(i), TypedJson.write(key.values().get(i), keyTypes.get(i)));
        }
        if (window != null) {
            root.putObject("window").put("start", window.start().toString()).put("end", window.end().toString());
        }
    }

    GroupKey readKey(JsonNode root) {
        JsonNode node = required(root, "key");
        List<Object> values = new ArrayList<>(keyFields.size());
        for (int i = 0; i < keyFields.size(); i++) {
            if (!node.has(keyFields.get(i))) {
                throw new IllegalArgumentException(what + " key has no field '" + keyFields.get(i) + "'");
            }
            values.add(TypedJson.read(node.get(keyFields.get(i)), keyTypes.get(i)));
        }
        return new GroupKey(values);
    }

    Window readWindow(JsonNode root) {
        JsonNode window = root.get("window");
        return window == null || window.isNull() ? null
                : new Window(Instant.parse(text(window, "start")), Instant.parse(text(window, "end")));
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
