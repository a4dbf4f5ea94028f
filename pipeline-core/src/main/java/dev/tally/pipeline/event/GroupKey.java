package dev.tally.pipeline.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The values of a group's key fields, in {@code groupBy} order. Its {@link #encoded()} form
 * is the Kafka message key and the aggregate id: equal keys always encode to equal text.
 */
public record GroupKey(List<Object> values) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public GroupKey {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** A JSON array of the values in canonical form, e.g. {@code [7]} or {@code ["site-a","2.5"]}. */
    public String encoded() {
        ArrayNode array = JSON.createArrayNode();
        for (Object value : values) {
            switch (value) {
                case null -> array.addNull();
                case Long l -> array.add(l);
                case Boolean b -> array.add(b);
                case BigDecimal d -> array.add(canonical(d));
                default -> array.add(value.toString());
            }
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode group key " + values, e);
        }
    }

    /** Reads an {@link #encoded()} key back, given the key fields' types. */
    public static GroupKey decode(String encoded, List<ValueType> types) {
        try {
            var array = JSON.readTree(encoded);
            if (!array.isArray() || array.size() != types.size()) {
                throw new IllegalArgumentException("group key " + encoded + " does not have " + types.size() + " values");
            }
            List<Object> values = new ArrayList<>(types.size());
            for (int i = 0; i < types.size(); i++) {
                var node = array.get(i);
                values.add(node.isNull() ? null : switch (types.get(i)) {
                    case LONG -> node.asLong();
                    case BOOLEAN -> node.asBoolean();
                    case DECIMAL -> new BigDecimal(node.asText());
                    case DOUBLE -> Double.valueOf(node.asText());
                    case TIMESTAMP -> Instant.parse(node.asText());
                    case DATE -> LocalDate.parse(node.asText());
                    case STRING -> node.asText();
                });
            }
            return new GroupKey(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("group key " + encoded + " is not JSON", e);
        }
    }

    /** 2.50 and 2.5 are the same group. */
    private static String canonical(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return encoded();
    }
}
