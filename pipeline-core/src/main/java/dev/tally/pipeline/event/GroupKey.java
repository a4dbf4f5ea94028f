package dev.tally.pipeline.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /**
     * A JSON array of the values in canonical form, e.g. {@code [7]} or {@code ["site-a","2.5"]}, as Jackson writes
     * it; written by hand, since every change event asks for it.
     */
    public String encoded() {
        StringBuilder out = new StringBuilder(16 * values.size() + 2).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            switch (values.get(i)) {
                case null -> out.append("null");
                case Long l -> out.append(l.longValue());
                case Boolean b -> out.append(b.booleanValue());
                case BigDecimal d -> quoted(out, canonical(d));
                case Object other -> quoted(out, other.toString());
            }
        }
        return out.append(']').toString();
    }

    private static void quoted(StringBuilder out, String text) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append('"');
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
