package dev.tally.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.load.CompiledPipeline;
import java.io.IOException;

/**
 * The JSON form of change events on {@code tally.<pipeline>.changes}: readable with any tool,
 * exact for decimals, and typed back by the pipeline's declarations when read.
 */
public final class ChangeEventCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompiledPipeline pipeline;
    private final EventJson json = new EventJson("change event");
    private final PipelineJson values;

    public ChangeEventCodec(CompiledPipeline pipeline) {
        this.pipeline = pipeline;
        this.values = new PipelineJson(pipeline);
    }

    public byte[] encode(ChangeEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipeline", event.pipeline());
        root.put("id", event.eventId());
        root.set("key", values.key(event.key()));
        json.writeWindow(root, event.window());
        root.set("before", values.contribution(event.before()));
        root.set("after", values.contribution(event.after()));
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
        if (event.origin() != null) {
            ChangeOrigin origin = event.origin();
            ObjectNode node = root.putObject("origin").put("partition", origin.partition()).put("offset", origin.offset())
                    .put("part", origin.part()).put("position", origin.positionKey());
            if (origin.snapshot()) {
                node.put("snapshot", true);
            }
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
                readKey(root),
                json.readWindow(root),
                values.readContribution(root.get("before")),
                values.readContribution(root.get("after")),
                json.text(root, "row"),
                json.text(root, "order"),
                UtcTimestamps.parse(json.text(root, "eventTime")),
                root.hasNonNull("commitTime") ? UtcTimestamps.parse(root.get("commitTime").asText()) : null,
                json.text(root, "source"),
                json.text(root, "position"),
                root.path("reread").asBoolean(false),
                readOrigin(root.get("origin")));
    }

    private ChangeOrigin readOrigin(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return new ChangeOrigin(json.required(node, "partition").asInt(), json.required(node, "offset").asLong(),
                json.required(node, "part").asInt(), json.text(node, "position"), node.path("snapshot").asBoolean(false));
    }

    private GroupKey readKey(JsonNode root) {
        try {
            return values.readKey(json.required(root, "key"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("change event key: " + e.getMessage(), e);
        }
    }
}
