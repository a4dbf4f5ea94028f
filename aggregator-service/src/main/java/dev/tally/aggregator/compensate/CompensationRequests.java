package dev.tally.aggregator.compensate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.DecimalLimits;
import dev.tally.pipeline.model.TypedJson;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.Window;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads and checks compensation request bodies of one pipeline; anything wrong is refused with 400 and the reason. */
public final class CompensationRequests {

    static final int MAX_ID_LENGTH = 200;
    static final int MAX_REASON_LENGTH = 2000;
    private static final Set<String> ADJUST_FIELDS = Set.of("id", "key", "window", "adjust", "reason");
    private static final Set<String> REVERSE_FIELDS = Set.of("id", "reverseEventId", "reason");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pipeline;
    private final boolean windowed;
    private final PipelineJson json;
    private final List<AggregateDefinition> aggregates;

    public CompensationRequests(CompiledPipeline pipeline) {
        this.pipeline = pipeline.name();
        this.windowed = pipeline.pipeline().window().isPresent();
        this.json = new PipelineJson(pipeline);
        this.aggregates = pipeline.aggregateDefinitions();
    }

    /** @throws CompensationRefused (400) saying what is wrong */
    public CompensationRequest read(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad("the body is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad("the body must be a JSON object: {id, key, window?, adjust: {aggregate: delta}, reason}"
                    + " or {id, reverseEventId, reason}");
        }
        String id = text(root, "id", MAX_ID_LENGTH);
        String reason = text(root, "reason", MAX_REASON_LENGTH);
        boolean reverse = root.has("reverseEventId");
        if (reverse == root.has("adjust")) {
            throw bad("give either 'adjust' (deltas for aggregates of one group) or 'reverseEventId' (an applied event to"
                    + " retract), not " + (reverse ? "both" : "neither"));
        }
        Set<String> allowed = reverse ? REVERSE_FIELDS : ADJUST_FIELDS;
        root.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw bad("unknown field '" + name + "'; " + (reverse ? "a reversal" : "an adjustment") + " has "
                        + allowed.stream().sorted().toList());
            }
        });
        return reverse ? new CompensationRequest.Reversal(id, reason, root, eventId(root.get("reverseEventId")))
                : new CompensationRequest.Adjustment(id, reason, root, key(root.get("key")), window(root.get("window")),
                        deltas(root.get("adjust")));
    }

    private static String text(JsonNode root, String field, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw bad("'" + field + "' must be a non-empty string");
        }
        if (node.textValue().length() > maxLength) {
            throw bad("'" + field + "' is longer than " + maxLength + " characters");
        }
        return node.textValue();
    }

    private static String eventId(JsonNode node) {
        String text = node.isTextual() ? node.textValue() : null;
        try {
            if (text != null && UUID.fromString(text).toString().equals(text)) {
                return text;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw bad("'reverseEventId' must be an event id: a UUID in lower-case canonical form, got " + node);
    }

    private GroupKey key(JsonNode node) {
        try {
            return json.readKey(node);
        } catch (IllegalArgumentException e) {
            throw bad("bad 'key': " + e.getMessage());
        }
    }

    private Window window(JsonNode node) {
        if (!windowed) {
            if (node != null) {
                throw bad("pipeline " + pipeline + " has no windows: leave 'window' out");
            }
            return null;
        }
        if (node == null || !node.isObject() || !node.path("start").isTextual() || !node.path("end").isTextual()) {
            throw bad("pipeline " + pipeline + " has windows: give 'window' as {\"start\": ISO-8601 instant, \"end\": ...}");
        }
        try {
            Window window = new Window(Instant.parse(node.get("start").textValue()), Instant.parse(node.get("end").textValue()));
            if (!window.start().isBefore(window.end())) {
                throw bad("'window' must start before it ends: " + node);
            }
            return window;
        } catch (DateTimeParseException e) {
            throw bad("'window' bounds must be ISO-8601 instants such as 2024-01-01T00:00:00Z: " + e.getMessage());
        }
    }

    private Map<String, Object> deltas(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw bad("'adjust' must be a non-empty object of aggregate name to delta, e.g. {\"" + example() + "\": 1}");
        }
        Map<String, Object> deltas = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> deltas.put(field.getKey(), delta(field.getKey(), field.getValue())));
        return deltas;
    }

    private Object delta(String name, JsonNode node) {
        AggregateDefinition aggregate = aggregates.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> bad("pipeline " + pipeline + " has no aggregate '" + name + "'; its aggregates are "
                        + aggregates.stream().map(AggregateDefinition::name).toList()));
        if (!aggregate.function().acceptsDelta()) {
            throw bad("aggregate '" + name + "' is a " + aggregate.function().yamlName() + ", which cannot be adjusted by a"
                    + " delta: only count and sum can; " + aggregate.function().yamlName() + " needs the rows themselves"
                    + " (reverse the event that brought a wrong row instead)");
        }
        ValueType type = aggregate.function().requiresArgument() ? aggregate.inputType() : ValueType.LONG;
        Object delta;
        try {
            delta = node.isNull() ? null : TypedJson.read(node, type);
        } catch (IllegalArgumentException e) {
            delta = null;
        }
        if (delta == null) {
            throw bad("the delta of '" + name + "' must be " + switch (type) {
                case LONG -> "a whole number within the range of a long";
                case DECIMAL -> "a decimal given as a string, e.g. \"-2.50\"";
                default -> "a finite number";
            } + ", got " + node);
        }
        if (delta instanceof BigDecimal d && !DecimalLimits.fits(d)) {
            throw bad("the delta of '" + name + "': " + DecimalLimits.outOfRange(d));
        }
        if (delta instanceof Double d && !Double.isFinite(d)) {
            throw bad("the delta of '" + name + "' must be a finite number, got " + node);
        }
        return delta;
    }

    private String example() {
        return aggregates.stream().filter(a -> a.function().acceptsDelta()).map(AggregateDefinition::name).findFirst()
                .orElse("aggregate");
    }

    private static CompensationRefused bad(String reason) {
        return new CompensationRefused(CompensationRefused.BAD_REQUEST, reason);
    }
}
