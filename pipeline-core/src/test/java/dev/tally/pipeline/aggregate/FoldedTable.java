package dev.tally.pipeline.aggregate;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.fold.AggregateFold;
import dev.tally.pipeline.fold.FoldBase;
import dev.tally.pipeline.fold.Folded;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A model table of rows whose changes are folded, as they happen, by {@link AggregateFold} into one
 * state per group, a change that moves a row retracting it from the old group and adding it to the new
 * one; {@link #recomputed} gives what every group's aggregates must be, computed afresh from the rows
 * the table holds now.
 */
final class FoldedTable {

    /** The columns a change writes. */
    record Values(String group, Long quantity, BigDecimal price, String label, Instant ts) {
    }

    /** A row as it stands, with the sequence number of its last write. */
    private record Row(String id, Values values, String order) {
    }

    static final List<AggregateDefinition> DEFINITIONS = List.of(
            new AggregateDefinition("rows", AggregateFunction.COUNT, null),
            new AggregateDefinition("quantity", AggregateFunction.SUM, ValueType.LONG),
            new AggregateDefinition("revenue", AggregateFunction.SUM, ValueType.DECIMAL),
            new AggregateDefinition("avg_price", AggregateFunction.AVG, ValueType.DECIMAL),
            new AggregateDefinition("min_price", AggregateFunction.MIN, ValueType.DECIMAL),
            new AggregateDefinition("max_price", AggregateFunction.MAX, ValueType.DECIMAL),
            new AggregateDefinition("first_label", AggregateFunction.MIN, ValueType.STRING),
            new AggregateDefinition("last_seen", AggregateFunction.MAX, ValueType.TIMESTAMP),
            new AggregateDefinition("latest_price", AggregateFunction.LATEST, ValueType.DECIMAL));

    private final AggregateFold fold = new AggregateFold(DEFINITIONS);
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, FoldBase> states = new TreeMap<>();
    /** The value rows of each group's mins and maxes, by slot and value, as persisted so far. */
    private final Map<String, Map<String, ValueCount>> storedValues = new HashMap<>();
    private long sequence;
    private int nextId;

    void insert(Values values) {
        Row row = new Row("row-" + nextId++, values, nextOrder());
        rows.put(row.id(), row);
        apply(values.group(), row.id(), row.order(), null, values);
    }

    /** Rewrites the row picked by {@code pick}, possibly into another group; nothing when the table is empty. */
    void update(int pick, Values values) {
        Row before = pick(pick);
        if (before == null) {
            return;
        }
        Row after = new Row(before.id(), values, nextOrder());
        rows.put(after.id(), after);
        if (before.values().group().equals(values.group())) {
            apply(values.group(), after.id(), after.order(), before.values(), values);
        } else {
            apply(before.values().group(), after.id(), after.order(), before.values(), null);
            apply(values.group(), after.id(), after.order(), null, values);
        }
    }

    void delete(int pick) {
        Row row = pick(pick);
        if (row != null) {
            rows.remove(row.id());
            apply(row.values().group(), row.id(), nextOrder(), row.values(), null);
        }
    }

    /**
     * Replaces every group's state by the one restored from its persisted form, as the aggregate store keeps it: the
     * state document, and value rows that only ever receive the changes each persist takes.
     */
    void persistAndRestoreStates() {
        states.replaceAll((group, base) -> {
            AggregateState state = base.state().get();
            Map<String, ValueCount> stored = storedValues.computeIfAbsent(group, g -> new HashMap<>());
            for (ValueCount change : state.takeValueChanges()) {
                String key = change.slot() + "\u0000" + change.value();
                if (change.count() == 0) {
                    stored.remove(key);
                } else {
                    stored.put(key, change);
                }
            }
            return FoldBase.cached(base.version(),
                    AggregateState.restore(DEFINITIONS, Json.viaText(state.toState()), stored.values()));
        });
    }

    /** Every group that ever held a row, with its folded state. */
    Map<String, AggregateState> states() {
        Map<String, AggregateState> byGroup = new TreeMap<>();
        states.forEach((group, base) -> byGroup.put(group, base.state().get()));
        return byGroup;
    }

    /** The number of rows each group holds now. */
    long rowCount(String group) {
        return rows.values().stream().filter(r -> r.values().group().equals(group)).count();
    }

    /** What a group's aggregates are, recomputed from its current rows. */
    Map<String, Object> recomputed(String group) {
        List<Row> members = rows.values().stream().filter(r -> r.values().group().equals(group)).toList();
        List<BigDecimal> prices = members.stream().map(r -> r.values().price()).filter(Objects::nonNull).toList();
        List<Long> quantities = members.stream().map(r -> r.values().quantity()).filter(Objects::nonNull).toList();
        BigDecimal revenue = prices.stream().reduce(BigDecimal::add).orElse(null);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("rows", (long) members.size());
        expected.put("quantity", quantities.stream().reduce(Math::addExact).orElse(null));
        expected.put("revenue", revenue);
        expected.put("avg_price", revenue == null ? null : revenue.divide(BigDecimal.valueOf(prices.size()), MathContext.DECIMAL64));
        expected.put("min_price", prices.stream().min(Comparator.naturalOrder()).orElse(null));
        expected.put("max_price", prices.stream().max(Comparator.naturalOrder()).orElse(null));
        expected.put("first_label", members.stream().map(r -> r.values().label()).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null));
        expected.put("last_seen", members.stream().map(r -> r.values().ts()).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null));
        expected.put("latest_price", members.stream().filter(r -> r.values().price() != null)
                .max(Comparator.comparing(Row::order).thenComparing(Row::id))
                .map(r -> r.values().price()).orElse(null));
        return expected;
    }

    private Row pick(int pick) {
        if (rows.isEmpty()) {
            return null;
        }
        List<String> ids = new ArrayList<>(new TreeSet<>(rows.keySet()));
        return rows.get(ids.get(Math.floorMod(pick, ids.size())));
    }

    /** One change of one group, folded as the aggregator folds it: one version more, nothing refused. */
    private void apply(String group, String rowId, String order, Values before, Values after) {
        ChangeEvent change = new ChangeEvent("model", "event-" + order, new GroupKey(List.of(group)), null,
                before == null ? null : contribution(before), after == null ? null : contribution(after), rowId, order,
                Instant.EPOCH, null, "model", order);
        FoldBase base = states.computeIfAbsent(group, g -> fold.newAggregate());
        // The base changes in place, as the aggregator's cached states do.
        FoldBase current = base.reloadable() ? FoldBase.cached(base.version(), base.state().get()) : base;
        Folded<ChangeEvent> folded = fold.fold(group, current, List.of(change), c -> c);
        if (!folded.refused().isEmpty()) {
            throw new AssertionError("refused: " + folded.refused());
        }
        states.put(group, FoldBase.cached(folded.version(), folded.state()));
    }

    /** Fixed width, so that lexical order is write order. */
    private String nextOrder() {
        return String.format("%012d", sequence++);
    }

    private static Map<String, Object> contribution(Values v) {
        Map<String, Object> c = new HashMap<>();
        c.put("rows", Boolean.TRUE);
        c.put("quantity", v.quantity());
        c.put("revenue", v.price());
        c.put("avg_price", v.price());
        c.put("min_price", v.price());
        c.put("max_price", v.price());
        c.put("first_label", v.label());
        c.put("last_seen", v.ts());
        c.put("latest_price", v.price());
        return c;
    }
}
