package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.aggregate.ValueCount;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The values mins and maxes hold, as a log per aggregate ({@code tally_aggregate_value_log}): a version that changed
 * values appends one row with the new multiplicities of those it changed (a delta), and now and then one row with
 * every value (a snapshot), which deletes the rows before it. A batch writes a row per touched aggregate instead of a
 * row per changed value; loading an aggregate reads its snapshot and the deltas since, only when the caller does not
 * hold the state already. The view {@code tally_aggregate_value} shows the values a row each.
 */
public final class AggregateValues {

    /**
     * The fewest versions between two snapshots of an aggregate's values. An aggregate holding more values than this
     * snapshots every power of two at least twice their number: a snapshot then costs less than one value per version
     * written, and loading reads at most about as many deltas as values.
     */
    static final int SNAPSHOT_EVERY = 64;

    /**
     * What one version writes of its values.
     *
     * @param snapshot whether {@code values} is every value (and the rows before go), or the changed ones
     * @param values   the values with their multiplicities; in a delta, 0 for a value that is gone
     */
    public record Write(boolean snapshot, List<ValueCount> values) {

        /** Nothing to write: no min or max, or none changed. */
        public static final Write NONE = new Write(false, List.of());

        /** The values a version moving from {@code baseVersion} to {@code version} writes; takes the state's changes. */
        public static Write of(AggregateState state, long baseVersion, long version) {
            List<ValueCount> changes = state.takeValueChanges();
            long interval = Math.max(SNAPSHOT_EVERY, Long.highestOneBit(state.valueCount()) << 1);
            if (baseVersion == 0 || baseVersion / interval != version / interval) {
                return snapshotOf(state, changes);
            }
            return changes.isEmpty() ? NONE : new Write(false, changes);
        }

        /** Every value the state holds (none, after a reset); takes the state's changes. */
        public static Write snapshot(AggregateState state) {
            return snapshotOf(state, state.takeValueChanges());
        }

        private static Write snapshotOf(AggregateState state, List<ValueCount> changes) {
            List<ValueCount> all = state.values();
            return all.isEmpty() && changes.isEmpty() ? NONE : new Write(true, all);
        }
    }

    /** A version's write of one aggregate's values. */
    public record Row(String aggregateId, long version, Write write) {
    }

    // One statement: a snapshot deletes its aggregate's rows before it, then every row is appended.
    private static final String WRITE = """
            WITH v AS (
                SELECT * FROM jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                         AS v(aggregate_id text, version bigint, snapshot boolean, slots text[], vals text[],
                              counts bigint[])
            ), superseded AS (
                DELETE FROM tally_aggregate_value_log l
                USING v
                WHERE v.snapshot AND l.pipeline = :pipeline AND l.aggregate_id = v.aggregate_id
                  AND l.version < v.version
            )
            INSERT INTO tally_aggregate_value_log (pipeline, aggregate_id, version, snapshot, slots, vals, counts)
            SELECT :pipeline, v.aggregate_id, v.version, v.snapshot, v.slots, v.vals, v.counts FROM v
            """;

    // A row per value, in version order; an empty snapshot (every value gone) still comes, as one row without a value.
    private static final String LOAD_WHERE = """
            SELECT l.aggregate_id, l.version, l.snapshot, e.slot, e.val, e.count
            FROM tally_aggregate_value_log l
            LEFT JOIN LATERAL unnest(l.slots, l.vals, l.counts) WITH ORDINALITY AS e(slot, val, count, n) ON true
            WHERE l.pipeline = :pipeline %s
            ORDER BY l.aggregate_id, l.version, e.n
            """;

    private static final String LOAD = LOAD_WHERE.formatted(
            "AND l.aggregate_id IN (SELECT jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)))");

    private static final String LOAD_ALL = LOAD_WHERE.formatted("");

    private AggregateValues() {
    }

    /** Appends the versions' values; call after the aggregates' rows are written. */
    public static Uni<Void> write(Mutiny.Session session, String pipeline, List<Row> rows) {
        ArrayNode array = SqlJson.JSON.createArrayNode();
        for (Row row : rows) {
            if (row.write() == Write.NONE) {
                continue;
            }
            ObjectNode item = array.addObject().put("aggregate_id", row.aggregateId()).put("version", row.version())
                    .put("snapshot", row.write().snapshot());
            ArrayNode slots = item.putArray("slots");
            ArrayNode values = item.putArray("vals");
            ArrayNode counts = item.putArray("counts");
            for (ValueCount value : row.write().values()) {
                slots.add(value.slot());
                values.add(value.value());
                counts.add(value.count());
            }
        }
        if (array.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(WRITE)
                .setParameter("pipeline", pipeline)
                .setParameter("rows", SqlJson.text(array))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The values of these aggregates, by aggregate id; an aggregate without any is left out. */
    public static Uni<Map<String, List<ValueCount>>> load(Mutiny.Session session, String pipeline,
                                                          Collection<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        ArrayNode ids = SqlJson.JSON.createArrayNode();
        aggregateIds.forEach(ids::add);
        return session.createNativeQuery(LOAD, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("ids", SqlJson.text(ids))
                .getResultList()
                .map(AggregateValues::byAggregate);
    }

    /** Every value of the pipeline's aggregates, by aggregate id. */
    public static Uni<Map<String, List<ValueCount>>> loadAll(Mutiny.Session session, String pipeline) {
        return session.createNativeQuery(LOAD_ALL, Object[].class)
                .setParameter("pipeline", pipeline)
                .getResultList()
                .map(AggregateValues::byAggregate);
    }

    /** Replays each aggregate's rows in version order: a snapshot starts afresh, a delta sets multiplicities. */
    private static Map<String, List<ValueCount>> byAggregate(List<Object[]> rows) {
        Map<String, Map<List<String>, Long>> held = new HashMap<>();
        String aggregateId = null;
        long version = -1;
        Map<List<String>, Long> values = null;
        for (Object[] row : rows) {
            long rowVersion = SqlJson.number(row[1]);
            if (!row[0].equals(aggregateId) || rowVersion != version) {
                aggregateId = (String) row[0];
                version = rowVersion;
                if ((Boolean) row[2]) {
                    values = new LinkedHashMap<>();
                    held.put(aggregateId, values);
                } else {
                    values = held.computeIfAbsent(aggregateId, id -> new LinkedHashMap<>());
                }
            }
            if (row[3] == null) {
                continue;
            }
            List<String> value = List.of((String) row[3], (String) row[4]);
            long count = SqlJson.number(row[5]);
            if (count == 0) {
                values.remove(value);
            } else {
                values.put(value, count);
            }
        }
        Map<String, List<ValueCount>> byAggregate = new HashMap<>();
        held.forEach((id, kept) -> {
            if (!kept.isEmpty()) {
                List<ValueCount> list = new ArrayList<>(kept.size());
                kept.forEach((value, count) -> list.add(new ValueCount(value.get(0), value.get(1), count)));
                byAggregate.put(id, list);
            }
        });
        return byAggregate;
    }
}
