package dev.tally.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.TypedJson;
import dev.tally.pipeline.model.ValueType;
import java.io.IOException;
import java.time.Instant;
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
    private final EventJson json;
    private final List<AggregateDefinition> aggregates;

    public ChangeEventCodec(CompiledPipeline pipeline) {
        this.pipeline = pipeline;
        this.json = new EventJson(pipeline, "change event");
        this.aggregates = pipeline.aggregateDefinitions();
    }

    public byte[] encode(ChangeEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipeline", event.pipeline());
        root.put("id", event.eventId());
        json.writeKeyAndWindow(root, event.key(), event.window());
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
        if (event.reread()) {
            root.put("reread", true);
        }
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
        String name = json.checkPipeline(root, pipeline.name());
        return new ChangeEvent(
                name,
                json.text(root, "id"),
                json.readKey(root),
                json.readWindow(root),
                contribution(root.get("before")),
                contribution(root.get("after")),
                json.text(root, "row"),
                json.text(root, "order"),
                Instant.parse(json.text(root, "eventTime")),
                root.hasNonNull("commitTime") ? Instant.parse(root.get("commitTime").asText()) : null,
                json.text(root, "source"),
                json.text(root, "position"),
                root.path("reread").asBoolean(false));
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
}
