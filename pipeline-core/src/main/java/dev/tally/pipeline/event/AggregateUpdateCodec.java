package dev.tally.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.TypedJson;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of {@link AggregateUpdate}s: the outbox payload and the value on
 * {@code tally.<pipeline>.aggregates}. Decimals are strings, so they stay exact.
 */
public final class AggregateUpdateCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompiledPipeline pipeline;
    private final EventJson json;
    private final List<AggregateDefinition> aggregates;

    public AggregateUpdateCodec(CompiledPipeline pipeline) {
        this.pipeline = pipeline;
        this.json = new EventJson(pipeline, "aggregate update");
        this.aggregates = pipeline.aggregateDefinitions();
    }

    public ObjectNode toJson(AggregateUpdate update) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipeline", update.pipeline());
        root.put("type", update.type().eventType());
        root.put("aggregateId", update.aggregateId());
        json.writeKeyAndWindow(root, update.key(), update.window());
        root.put("version", update.version());
        root.put("rows", update.rows());
        ObjectNode values = root.putObject("aggregates");
        ObjectNode delta = root.putObject("delta");
        for (AggregateDefinition aggregate : aggregates) {
            values.set(aggregate.name(), TypedJson.write(update.aggregates().get(aggregate.name()), aggregate.resultType()));
            if (update.delta() != null && update.delta().containsKey(aggregate.name())) {
                delta.set(aggregate.name(), TypedJson.write(update.delta().get(aggregate.name()), aggregate.resultType()));
            }
        }
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
        JsonNode values = json.required(root, "aggregates");
        JsonNode deltaNode = root.path("delta");
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> delta = new LinkedHashMap<>();
        for (AggregateDefinition aggregate : aggregates) {
            results.put(aggregate.name(), TypedJson.read(values.get(aggregate.name()), aggregate.resultType()));
            if (deltaNode.has(aggregate.name())) {
                delta.put(aggregate.name(), TypedJson.read(deltaNode.get(aggregate.name()), aggregate.resultType()));
            }
        }
        JsonNode cause = json.required(root, "cause");
        return new AggregateUpdate(
                name,
                AggregateUpdate.Type.fromEventType(json.text(root, "type")),
                json.text(root, "aggregateId"),
                json.readKey(root),
                json.readWindow(root),
                json.required(root, "version").asLong(),
                json.required(root, "rows").asLong(),
                results,
                delta,
                new AggregateUpdate.Cause(cause.path("changes").asInt(), cause.path("lastEventId").asText(null),
                        cause.hasNonNull("lastCommitTime") ? Instant.parse(cause.get("lastCommitTime").asText()) : null),
                Instant.parse(json.text(root, "updatedAt")));
    }
}
