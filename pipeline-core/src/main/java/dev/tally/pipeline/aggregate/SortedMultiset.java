package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tally.pipeline.model.TypedJson;
import dev.tally.pipeline.model.ValueType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values of one type with their multiplicities, in {@link ValueOrder}: min and max read its ends. It remembers which
 * multiplicities changed since the last {@link #takeChanges}, so that the store writes those values only.
 */
final class SortedMultiset {

    /**
     * The most distinct values one group's min or max keeps. A change that would add one more is refused with this
     * reason (it goes to the dead-letter topic): the state of a group stays bounded in memory and in the store.
     */
    static final int MAX_DISTINCT = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A held value and how often; mutable so that adding a value already present allocates nothing. */
    private static final class Multiplicity {
        final Object value;
        long n;
        boolean changed;

        Multiplicity(Object value, long n) {
            this.value = value;
            this.n = n;
        }
    }

    private final ValueType type;
    private final TreeMap<Object, Multiplicity> counts;
    /** Multiplicities changed since the last take, including those that fell to 0 and left {@link #counts}. */
    private final List<Multiplicity> changed = new ArrayList<>();

    SortedMultiset(ValueType type) {
        this.type = type;
        this.counts = new TreeMap<>(ValueOrder.of(type));
    }

    /**
     * Adds one occurrence.
     *
     * @throws IllegalStateException when the value is new and {@link #MAX_DISTINCT} values are held already
     */
    void add(Object value, String label) {
        Multiplicity m = counts.get(value);
        if (m == null) {
            if (counts.size() >= MAX_DISTINCT) {
                throw new IllegalStateException(label + " of this group holds " + MAX_DISTINCT
                        + " distinct values, the most a group keeps for a min or max; " + value + " would be one more");
            }
            m = new Multiplicity(value, 1);
            counts.put(value, m);
        } else {
            m.n++;
        }
        changed(m);
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
        changed(m);
        return true;
    }

    /** Removes every value. */
    void clear() {
        for (Multiplicity m : counts.values()) {
            m.n = 0;
            changed(m);
        }
        counts.clear();
    }

    private void changed(Multiplicity m) {
        if (!m.changed) {
            m.changed = true;
            changed.add(m);
        }
    }

    Object first() {
        return counts.isEmpty() ? null : counts.firstKey();
    }

    Object last() {
        return counts.isEmpty() ? null : counts.lastKey();
    }

    int size() {
        return counts.size();
    }

    /**
     * The values whose multiplicity changed since the last take, with their multiplicity now (0: gone), and forgets
     * them. A value that left and came back in another spelling of the same number ({@code 12.30}, {@code 12.3})
     * is two entries: the old spelling gone, the new one held.
     */
    List<ValueCount> takeChanges(String slot) {
        if (changed.isEmpty()) {
            return List.of();
        }
        Map<String, Long> byText = LinkedHashMap.newLinkedHashMap(changed.size());
        // Gone first, then held: a spelling that left and came back ends held.
        for (Multiplicity m : changed) {
            if (m.n == 0) {
                byText.put(text(m.value), 0L);
            }
        }
        for (Multiplicity m : changed) {
            if (m.n > 0) {
                byText.put(text(m.value), m.n);
            }
            m.changed = false;
        }
        changed.clear();
        List<ValueCount> changes = new ArrayList<>(byText.size());
        byText.forEach((value, count) -> changes.add(new ValueCount(slot, value, count)));
        return changes;
    }

    private String text(Object value) {
        return TypedJson.write(value, type).toString();
    }

    /** {@code [[value, multiplicity], ...]} in ascending order: the whole set inline. */
    JsonNode toState() {
        ArrayNode entries = JsonNodeFactory.instance.arrayNode(counts.size());
        for (Multiplicity m : counts.values()) {
            entries.addArray().add(TypedJson.write(m.value, type)).add(m.n);
        }
        return entries;
    }

    /** Every value held, as the store keeps it. */
    List<ValueCount> values(String slot) {
        List<ValueCount> values = new ArrayList<>(counts.size());
        for (Multiplicity m : counts.values()) {
            values.add(new ValueCount(slot, text(m.value), m.n));
        }
        return values;
    }

    /** The values the store keeps for {@code slot}; none of them counts as changed. */
    static SortedMultiset restore(ValueType type, Collection<ValueCount> values, String what) {
        SortedMultiset set = new SortedMultiset(type);
        for (ValueCount entry : values) {
            if (entry.count() <= 0) {
                throw new IllegalArgumentException(what + " stored value " + entry.value()
                        + " has multiplicity " + entry.count() + "; it must be positive");
            }
            Object value;
            try {
                value = TypedJson.read(JSON.readTree(entry.value()), type);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " stored value " + entry.value() + " is not a "
                        + type.yamlName() + ": " + e.getMessage(), e);
            }
            set.hold(value, entry.count(), what);
        }
        return set;
    }

    /** Holds a restored value {@code n} times; a value met twice means the stored state is corrupt. */
    private Multiplicity hold(Object value, long n, String what) {
        Multiplicity m = new Multiplicity(value, n);
        if (counts.put(value, m) != null) {
            throw new IllegalArgumentException(what + " state holds the value " + value + " twice");
        }
        return m;
    }

    /**
     * A state written before values were kept apart: {@code [[value, multiplicity], ...]} inline. Every value counts
     * as changed, so the next write moves them into the store's rows.
     */
    static SortedMultiset restoreInline(ValueType type, JsonNode entries, String what) {
        SortedMultiset set = new SortedMultiset(type);
        for (JsonNode entry : entries) {
            if (!entry.isArray() || entry.size() != 2 || !entry.get(1).canConvertToLong()
                    || !entry.get(1).isIntegralNumber() || entry.get(1).longValue() <= 0) {
                throw new IllegalArgumentException(what + " state entry must be [value, positive multiplicity]: " + entry);
            }
            Object value = TypedJson.read(entry.get(0), type);
            set.changed(set.hold(value, entry.get(1).longValue(), what));
        }
        return set;
    }
}
