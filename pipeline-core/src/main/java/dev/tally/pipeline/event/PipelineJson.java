package dev.tally.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.TypedJson;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of a pipeline's values, typed as declared: group keys, contributions and results. Every
 * codec (change events, aggregate updates), the aggregate store, the read and compensation APIs and the HTTP
 * sink's records write and read them through it. Decimals are strings, so they stay exact.
 */
public final class PipelineJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<String> keyFields;
    private final List<ValueType> keyTypes;
    private final List<AggregateDefinition> aggregates;

    public PipelineJson(CompiledPipeline pipeline) {
        this.keyFields = pipeline.pipeline().groupBy();
        this.keyTypes = pipeline.keyTypes();
        this.aggregates = pipeline.aggregateDefinitions();
    }

    /** {@code {field: value, ...}}, the values as they came. */
    public ObjectNode key(GroupKey key) {
        ObjectNode node = JSON.objectNode();
        writeKeyFields(node, key);
        return node;
    }

    /**
     * {@code {field: value, ...}} with decimals in canonical form, so that keys the aggregate id treats as
     * equal (2.5 and 2.50) are also equal as jsonb.
     */
    public ObjectNode canonicalKey(GroupKey key) {
        ObjectNode node = JSON.objectNode();
        for (int i = 0; i < keyFields.size(); i++) {
            Object value = key.values().get(i);
            if (value instanceof BigDecimal d) {
                value = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            }
            node.set(keyFields.get(i), TypedJson.write(value, keyTypes.get(i)));
        }
        return node;
    }

    /** Puts every key field into {@code target}, as {@link #key} has them. */
    public void writeKeyFields(ObjectNode target, GroupKey key) {
        for (int i = 0; i < keyFields.size(); i++) {
            target.set(keyFields.get(i), TypedJson.write(key.values().get(i), keyTypes.get(i)));
        }
    }

    /**
     * Reads a group key given as a JSON object of every key field.
     *
     * @throws IllegalArgumentException naming the missing, unknown or mistyped field
     */
    public GroupKey readKey(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the key must be a JSON object of the key fields " + keyFields
                    + ", e.g. " + example());
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!keyFields.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a key field; the key fields are " + keyFields);
            }
        });
        Object[] values = new Object[keyFields.size()];
        for (int i = 0; i < keyFields.size(); i++) {
            String field = keyFields.get(i);
            if (!node.has(field)) {
                throw new IllegalArgumentException("the key has no field '" + field + "'; give all of " + keyFields);
            }
            try {
                values[i] = TypedJson.read(node.get(field), keyTypes.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key field '" + field + "': " + e.getMessage()
                        + (keyTypes.get(i) == ValueType.DECIMAL ? " (decimals are given as strings)" : ""), e);
            }
        }
        return new GroupKey(Arrays.asList(values));
    }

    /** The contribution of one side of a change, by aggregate name; JSON null for no row. */
    public JsonNode contribution(Map<String, Object> values) {
        if (values == null) {
            return NullNode.getInstance();
        }
        ObjectNode node = JSON.objectNode();
        for (AggregateDefinition aggregate : aggregates) {
            node.set(aggregate.name(), TypedJson.write(values.get(aggregate.name()), aggregate.contributionType()));
        }
        return node;
    }

    /** Reads back what {@link #contribution} wrote; null for no row (JSON null or nothing). */
    public Map<String, Object> readContribution(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, Object> values = HashMap.newHashMap(aggregates.size());
        for (AggregateDefinition aggregate : aggregates) {
            values.put(aggregate.name(), TypedJson.read(node.get(aggregate.name()), aggregate.contributionType()));
        }
        return values;
    }

    /** The aggregate results, by name, in declaration order. */
    public ObjectNode results(Map<String, Object> results) {
        ObjectNode node = JSON.objectNode();
        writeResults(node, results);
        return node;
    }

    /** Puts every aggregate result into {@code target}, in declaration order; a missing one is written as null. */
    public void writeResults(ObjectNode target, Map<String, Object> results) {
        for (AggregateDefinition aggregate : aggregates) {
            target.set(aggregate.name(), TypedJson.write(results.get(aggregate.name()), aggregate.resultType()));
        }
    }

    /** The results {@code partial} holds (a delta of count and sum), in declaration order; the others left out. */
    public ObjectNode partialResults(Map<String, Object> partial) {
        ObjectNode node = JSON.objectNode();
        for (AggregateDefinition aggregate : aggregates) {
            if (partial.containsKey(aggregate.name())) {
                node.set(aggregate.name(), TypedJson.write(partial.get(aggregate.name()), aggregate.resultType()));
            }
        }
        return node;
    }

    /** Reads results (see {@link #results}) back into values by name, in declaration order; a missing one is null. */
    public Map<String, Object> readResults(JsonNode stored) {
        Map<String, Object> results = new LinkedHashMap<>();
        for (AggregateDefinition aggregate : aggregates) {
            results.put(aggregate.name(), TypedJson.read(stored.get(aggregate.name()), aggregate.resultType()));
        }
        return results;
    }

    /** Reads back what {@link #partialResults} wrote. */
    public Map<String, Object> readPartialResults(JsonNode stored) {
        Map<String, Object> results = new LinkedHashMap<>();
        for (AggregateDefinition aggregate : aggregates) {
            if (stored.has(aggregate.name())) {
                results.put(aggregate.name(), TypedJson.read(stored.get(aggregate.name()), aggregate.resultType()));
            }
        }
        return results;
    }

    /** The same fields in declaration order (jsonb keeps its own order): key fields, or aggregate results. */
    public ObjectNode inDeclarationOrder(JsonNode stored, boolean key) {
        ObjectNode node = JSON.objectNode();
        List<String> names = key ? keyFields : aggregates.stream().map(AggregateDefinition::name).toList();
        for (String name : names) {
            if (stored.has(name)) {
                node.set(name, stored.get(name));
            }
        }
        stored.fieldNames().forEachRemaining(name -> {
            if (!node.has(name)) {
                node.set(name, stored.get(name));
            }
        });
        return node;
    }

    private String example() {
        ObjectNode node = JSON.objectNode();
        for (int i = 0; i < keyFields.size(); i++) {
            node.set(keyFields.get(i), switch (keyTypes.get(i)) {
                case LONG -> JSON.numberNode(7L);
                case DOUBLE -> JSON.numberNode(7.5);
                case BOOLEAN -> JSON.booleanNode(true);
                case DECIMAL -> JSON.textNode("7.50");
                case TIMESTAMP -> JSON.textNode("2024-01-01T00:00:00Z");
                case DATE -> JSON.textNode("2024-01-01");
                case STRING -> JSON.textNode("a");
            });
        }
        return node.toString();
    }
}
