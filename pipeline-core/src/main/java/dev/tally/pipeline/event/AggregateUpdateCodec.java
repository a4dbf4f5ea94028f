package dev.tally.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.load.CompiledPipeline;
import java.io.IOException;
import java.util.Map;

/**
 * The JSON form of {@link AggregateUpdate}s: the outbox payload and the value on
 * {@code tally.<pipeline>.aggregates}. Decimals are strings, so they stay exact.
 */
public final class AggregateUpdateCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompiledPipeline pipeline;
    private final EventJson json = new EventJson("aggregate update");
    private final PipelineJson values;

    public AggregateUpdateCodec(CompiledPipeline pipeline) {
        this.pipeline = pipeline;
        this.values = new PipelineJson(pipeline);
    }

    public ObjectNode toJson(AggregateUpdate update) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipeline", update.pipeline());
        root.put("type", update.type().eventType());
        root.put("aggregateId", update.aggregateId());
        root.set("key", values.key(update.key()));
        json.writeWindow(root, update.window());
        root.put("version", update.version());
        root.put("rows", update.rows());
        root.set("aggregates", values.results(update.aggregates()));
        root.set("delta", values.partialResults(update.delta() == null ? Map.of() : update.delta()));
        ObjectNode cause = root.putObject("cause");
        cause.put("changes", update.cause().changes());
        cause.put("lastEventId", update.cause().lastEventId());
        if (update.cause().lastCommitTime() != null) {
            cause.put("lastCommitTime", update.cause().lastCommitTime().toString());
        }
        root.put("updatedAt", update.updatedAt().toString());
        return root;
    }

    public byte[] encode(AggregateUpdate update) {
        try {
            return JSON.writeValueAsBytes(toJson(update));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode aggregate " + update.aggregateId(), e);
        }
    }

    /**
     * Reads an aggregate update of this pipeline.
     *
     * @throws IllegalArgumentException with the reason when it is not one
     */
    public AggregateUpdate decode(byte[] bytes) {
        try {
            return fromJson(JSON.readTree(bytes));
        } catch (IOException e) {
            throw new IllegalArgumentException("aggregate update is not JSON: " + e.getMessage(), e);
        }
    }

    public AggregateUpdate fromJson(JsonNode root) {
        String name = json.checkPipeline(root, pipeline.name());
        Map<String, Object> results = values.readResults(json.required(root, "aggregates"));
        Map<String, Object> delta = values.readPartialResults(root.path("delta"));
        JsonNode cause = json.required(root, "cause");
        return new AggregateUpdate(
                name,
                AggregateUpdate.Type.fromEventType(json.text(root, "type")),
                json.text(root, "aggregateId"),
                readKey(root),
                json.readWindow(root),
                json.required(root, "version").asLong(),
                json.required(root, "rows").asLong(),
                results,
                delta,
                new AggregateUpdate.Cause(cause.path("changes").asInt(), cause.path("lastEventId").asText(null),
                        cause.hasNonNull("lastCommitTime") ? UtcTimestamps.parse(cause.get("lastCommitTime").asText()) : null),
                UtcTimestamps.parse(json.text(root, "updatedAt")));
    }

    private GroupKey readKey(JsonNode root) {
        try {
            return values.readKey(json.required(root, "key"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("aggregate update key: " + e.getMessage(), e);
        }
    }
}
