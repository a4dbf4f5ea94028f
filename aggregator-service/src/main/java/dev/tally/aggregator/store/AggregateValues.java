package dev.tally.aggregator.store;

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

    // Every row is appended; the value arrays hold every row's values one after the other, and each row takes its
    // slice.
    private static final String APPEND = """
            INSERT INTO tally_aggregate_value_log (pipeline, aggregate_id, version, snapshot, slots, vals, counts)
            SELECT $1, v.aggregate_id, v.version, v.snapshot, coalesce((cast($7 as text[]))[v.first:v.last], '{}'),
                   coalesce((cast($8 as text[]))[v.first:v.last], '{}'),
                   coalesce((cast($9 as bigint[]))[v.first:v.last], '{}')
            FROM unnest(cast($2 as text[]), cast($3 as bigint[]), cast($4 as boolean[]), cast($5 as int[]),
                        cast($6 as int[])) AS v(aggregate_id, version, snapshot, first, last)
            """;

    // A snapshot supersedes its aggregate's rows before it. Driven by the snapshots, through the primary key: a
    // join the planner may turn into a scan of the whole log grows with it (it did, from 8 to 25 ms per batch).
    private static final String SUPERSEDE = """
            DELETE FROM tally_aggregate_value_log l
            USING unnest(cast($2 as text[]), cast($3 as bigint[])) AS s(aggregate_id, version)
            WHERE l.pipeline = $1 AND l.aggregate_id = s.aggregate_id AND l.version < s.version
            """;

    // A row per value, in version order; an empty snapshot (every value gone) still comes, as one row without a value.
    private static final String LOAD_WHERE = """
            SELECT l.aggregate_id, l.version, l.snapshot, e.slot, e.val, e.count
            FROM tally_aggregate_value_log l
            LEFT JOIN LATERAL unnest(l.slots, l.vals, l.counts) WITH ORDINALITY AS e(slot, val, count, n) ON true
            WHERE l.pipeline = $1 %s
            ORDER BY l.aggregate_id, l.version, e.n
            """;

    private static final String LOAD = LOAD_WHERE.formatted(
            "AND l.aggregate_id = ANY (cast($2 as text[]))");

    private static final String LOAD_ALL = LOAD_WHERE.formatted("");

    private AggregateValues() {
    }

    /** Appends the versions' values; call after the aggregates' rows are written. */
    public static Uni<Void> write(Mutiny.Session session, String pipeline, List<Row> rows) {
        List<Row> writing = rows.stream().filter(row -> row.write() != Write.NONE).toList();
        if (writing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = writing.size();
        int valueCount = writing.stream().mapToInt(row -> row.write().values().size()).sum();
        String[] ids = new String[size];
        Long[] versions = new Long[size];
        Boolean[] snapshots = new Boolean[size];
        Integer[] firsts = new Integer[size];
        Integer[] lasts = new Integer[size];
        String[] slots = new String[valueCount];
        String[] values = new String[valueCount];
        Long[] counts = new Long[valueCount];
        int next = 0;
        for (int i = 0; i < size; i++) {
            Row row = writing.get(i);
            ids[i] = row.aggregateId();
            versions[i] = row.version();
            snapshots[i] = row.write().snapshot();
            firsts[i] = next + 1;
            for (ValueCount value : row.write().values()) {
                slots[next] = value.slot();
                values[next] = value.value();
                counts[next] = value.count();
                next++;
            }
            lasts[i] = next;
        }
        String[] snapshotIds = writing.stream().filter(row -> row.write().snapshot()).map(Row::aggregateId)
                .toArray(String[]::new);
        Long[] snapshotVersions = writing.stream().filter(row -> row.write().snapshot()).map(Row::version)
                .toArray(Long[]::new);
        Uni<Void> superseded = snapshotIds.length == 0 ? Uni.createFrom().voidItem()
                : SqlArrays.update(session, SUPERSEDE, pipeline, snapshotIds, snapshotVersions).replaceWithVoid();
        return superseded.chain(() -> SqlArrays.update(session, APPEND, pipeline, ids, versions, snapshots, firsts,
                lasts, slots, values, counts)).replaceWithVoid();
    }

    /** The values of these aggregates, by aggregate id; an aggregate without any is left out. */
    public static Uni<Map<String, List<ValueCount>>> load(Mutiny.Session session, String pipeline,
                                                          Collection<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return SqlArrays.select(session, LOAD, pipeline, aggregateIds.toArray(String[]::new))
                .map(AggregateValues::byAggregate);
    }

    /** Every value of the pipeline's aggregates, by aggregate id. */
    public static Uni<Map<String, List<ValueCount>>> loadAll(Mutiny.Session session, String pipeline) {
        return SqlArrays.select(session, LOAD_ALL, pipeline).map(AggregateValues::byAggregate);
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
