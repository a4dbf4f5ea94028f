package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.TypedJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.model.ValueType;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code latest}: the non-null input of the row written last, by {@link RowRef#order()} (ties go
 * to the greater row key); null when no row holds one. Each row holds at most one value: adding
 * replaces the row's entry, retracting removes it whatever the retracting RowRef's order says,
 * since the write position of a before-image is not known.
 */
final class LatestAccumulator implements Accumulator {

    /**
     * The most rows whose values one group's latest keeps. A change that would add one more row is refused with this
     * reason (it goes to the dead-letter topic), as for a min or max: the state of a group stays bounded.
     */
    static final int MAX_ROWS = 100_000;

    private record Write(String order, String rowKey, Object value) {
    }

    private static final Comparator<Write> WRITE_ORDER = Comparator.comparing(Write::order).thenComparing(Write::rowKey);

    private final String label;
    private final ValueType inputType;
    private final Comparator<Object> valueOrder;
    private final Map<String, Write> byRow = new HashMap<>();
    private final TreeSet<Write> byOrder = new TreeSet<>(WRITE_ORDER);

    LatestAccumulator(String label, ValueType inputType) {
        this.label = label;
        this.inputType = inputType;
        this.valueOrder = ValueOrder.of(inputType);
    }

    static LatestAccumulator restore(String label, ValueType inputType, JsonNode state) {
        LatestAccumulator latest = new LatestAccumulator(label, inputType);
        for (JsonNode entry : StateFields.array(state, "rows", label)) {
            if (!entry.isArray() || entry.size() != 3) {
                throw new IllegalArgumentException(label + " state entry must be [rowKey, order, value]: " + entry);
            }
            Write w = new Write(StateFields.text(entry.get(1), label + " order"), StateFields.text(entry.get(0), label + " row key"),
                    TypedJson.read(entry.get(2), inputType));
            if (latest.byRow.put(w.rowKey(), w) != null) {
                throw new IllegalArgumentException(label + " state holds row " + w.rowKey() + " twice");
            }
            latest.byOrder.add(w);
        }
        return latest;
    }

    /** How many rows' values it holds. */
    int size() {
        return byRow.size();
    }

    @Override
    public void add(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        Inputs.requireType(value, inputType, label);
        if (row == null || row.rowKey() == null || row.order() == null) {
            throw new IllegalArgumentException(label + " needs a row key and an order with each input, got " + row);
        }
        Write w = new Write(row.order(), row.rowKey(), value);
        if (byRow.size() >= MAX_ROWS && !byRow.containsKey(w.rowKey())) {
            throw new IllegalStateException(label + " of this group holds the values of " + MAX_ROWS
                    + " rows, the most a group keeps for a latest; row " + w.rowKey() + " would be one more");
        }
        Write replaced = byRow.put(w.rowKey(), w);
        if (replaced != null) {
            byOrder.remove(replaced);
        }
        byOrder.add(w);
    }

    @Override
    public void retract(Object value, RowRef row) {
        if (value == null) {
            return;
        }
        Inputs.requireType(value, inputType, label);
        if (row == null || row.rowKey() == null) {
            throw new IllegalArgumentException(label + " needs the row key of a retracted input, got " + row);
        }
        Write held = byRow.get(row.rowKey());
        if (held == null || valueOrder.compare(held.value(), value) != 0) {
            throw new IllegalStateException(label + ": retracting " + value + " of row " + row.rowKey() + ", but that row holds "
                    + (held == null ? "nothing" : held.value()) + "; the state is out of step with the rows");
        }
        byRow.remove(row.rowKey());
        byOrder.remove(held);
    }

    @Override
    public Object result() {
        return byOrder.isEmpty() ? null : byOrder.last().value();
    }

    /** {@code {"rows": [[rowKey, order, value], ...]}} in write order. */
    @Override
    public JsonNode toState() {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode(byOrder.size());
        for (Write w : byOrder) {
            rows.addArray().add(w.rowKey()).add(w.order()).add(TypedJson.write(w.value(), inputType));
        }
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.set("rows", rows);
        return state;
    }
}
