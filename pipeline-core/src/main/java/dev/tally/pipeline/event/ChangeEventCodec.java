package dev.tally.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.TypedJson;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.Window;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of change events on {@code tally.<pipeline>.changes}: readable with any tool,
 * exact for decimals, and typed back by the pipeline's declarations when read.
 */
public final class ChangeEventCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompiledPipeline pipeline;
    private final List<String> keyFields;
    private final List<ValueType> keyTypes;
    private final List<AggregateDefinition> aggregates;

    public ChangeEventCodec(CompiledPipeline pipeline) {
        this.pipeline = pipeline;
        this.keyFields = pipeline.pipeline().groupBy();
        this.keyTypes = pipeline.keyTypes();
        this.aggregates = pipeline.aggregateDefinitions();
    }

    public byte[] encode(ChangeEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipeline", event.pipeline());
        root.put("id", event.eventId());
        ObjectNode key = root.putObject("key");
        for (int i = 0; i < keyFields.size(); i++) {
            key.set(keyFields.get(i), TypedJson.write(event.key().values().get(i), keyTypes.get(i)));
        }
        if (event.window() != null) {
            root.putObject("window").put("start", event.window().start().toString())
                    .put("end", event.window().end().toString());
        }
        root.set("before", contribution(event.before()));
        root.set("after", contribution(event.after()));
        root.put("row", event.rowKey());
        root.put("order", event.order());
        root.put("eventTime", event.eventTime().toString());
        if (event.commitTime() != null) {
            root.put("commitTime", event.commitTime().toString());
        }
        root.put("source", event.source());
        root.put("position", event.position());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode change event " + event.eventId(), e);
        }
    }

    /**
     * Reads an encoded event.
     *
     * @throws IllegalArgumentException with the reason when the bytes are not a change event of this pipeline
     */
    public ChangeEvent decode(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("change event is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("change event is not a JSON object");
        }
        String name = text(root, "pipeline");
        if (!pipeline.name().equals(name)) {
            throw new IllegalArgumentException("change event of pipeline '" + name + "' on a topic of pipeline '"
                    + pipeline.name() + "'");
        }
        JsonNode key = required(root, "key");
        List<Object> keyValues = new ArrayList<>(keyFields.size());
        for (int i = 0; i < keyFields.size(); i++) {
            if (!key.has(keyFields.get(i))) {
                throw new IllegalArgumentException("change event key has no field '" + keyFields.get(i) + "'");
            }
            keyValues.add(TypedJson.read(key.get(keyFields.get(i)), keyTypes.get(i)));
        }
        JsonNode window = root.get("window");
        return new ChangeEvent(
                name,
                text(root, "id"),
                new GroupKey(keyValues),
                window == null || window.isNull() ? null
                        : new Window(Instant.parse(text(window, "start")), Instant.parse(text(window, "end"))),
                contribution(root.get("before")),
                contribution(root.get("after")),
                text(root, "row"),
                text(root, "order"),
                Instant.parse(text(root, "eventTime")),
                root.hasNonNull("commitTime") ? Instant.parse(root.get("commitTime").asText()) : null,
                text(root, "source"),
                text(root, "position"));
    }

    private JsonNode contribution(Map<String, Object> values) {
        if (values == null) {
            return JSON.nullNode();
        }
        ObjectNode node = JSON.createObjectNode();
        for (AggregateDefinition aggregate : aggregates) {
            node.set(aggregate.name(), TypedJson.write(values.get(aggregate.name()), inputType(aggregate)));
        }
        return node;
    }

    private Map<String, Object> contribution(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (AggregateDefinition aggregate : aggregates) {
            values.put(aggregate.name(), TypedJson.read(node.get(aggregate.name()), inputType(aggregate)));
        }
        return values;
    }

    /** count() has no argument; its input is the marker 1. */
    private static ValueType inputType(AggregateDefinition aggregate) {
        return aggregate.inputType() == null ? ValueType.LONG : aggregate.inputType();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("change event has no '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
