package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.TypedJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tally.pipeline.model.ValueType;
import java.util.Map;
import java.util.TreeMap;

/** Values of one type with their multiplicities, in {@link ValueOrder}: min and max read its ends. */
final class SortedMultiset {

    /** Mutable so that adding a value already present allocates nothing. */
    private static final class Multiplicity {
        long n;

        Multiplicity(long n) {
            this.n = n;
        }
    }

    private final ValueType type;
    private final TreeMap<Object, Multiplicity> counts;

    SortedMultiset(ValueType type) {
        this.type = type;
        this.counts = new TreeMap<>(ValueOrder.of(type));
    }

    void add(Object value) {
        Multiplicity m = counts.get(value);
        if (m == null) {
            counts.put(value, new Multiplicity(1));
        } else {
            m.n++;
        }
    }

    /** Removes one occurrence; false if the value is not held. */
    boolean remove(Object value) {
        Multiplicity m = counts.get(value);
        if (m == null) {
            return false;
        }
        if (--m.n == 0) {
            counts.remove(value);
        }
        return true;
    }

    Object first() {
        return counts.isEmpty() ? null : counts.firstKey();
    }

    Object last() {
        return counts.isEmpty() ? null : counts.lastKey();
    }

    /** {@code [[value, multiplicity], ...]} in ascending order. */
    JsonNode toState() {
        ArrayNode entries = JsonNodeFactory.instance.arrayNode(counts.size());
        for (Map.Entry<Object, Multiplicity> e : counts.entrySet()) {
            entries.addArray().add(TypedJson.write(e.getKey(), type)).add(e.getValue().n);
        }
        return entries;
    }

    static SortedMultiset restore(ValueType type, JsonNode entries, String what) {
        SortedMultiset set = new SortedMultiset(type);
        for (JsonNode entry : entries) {
            if (!entry.isArray() || entry.size() != 2 || !entry.get(1).canConvertToLong()
                    || !entry.get(1).isIntegralNumber() || entry.get(1).longValue() <= 0) {
                throw new IllegalArgumentException(what + " state entry must be [value, positive multiplicity]: " + entry);
            }
            Object value = TypedJson.read(entry.get(0), type);
            if (set.counts.put(value, new Multiplicity(entry.get(1).longValue())) != null) {
                throw new IllegalArgumentException(what + " state holds the value " + value + " twice");
            }
        }
        return set;
    }
}
