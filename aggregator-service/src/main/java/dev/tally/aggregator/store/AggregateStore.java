package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.window.Window;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.hibernate.reactive.mutiny.Mutiny;

/** Writes aggregate rows ({@code tally_aggregate}) inside a transaction: lock and load, then upsert. */
public final class AggregateStore {

    // Locked in id order: two transactions touching the same aggregates cannot deadlock on them.
    // The state travels only when the caller does not hold it at the stored version already.
    private static final String LOCK = """
            SELECT a.aggregate_id, a.version, CASE WHEN a.version = c.cached THEN NULL ELSE a.state END
            FROM tally_aggregate a
            JOIN unnest(cast($2 as text[]), cast($3 as bigint[])) AS c(id, cached) ON a.aggregate_id = c.id
            WHERE a.pipeline = $1
            ORDER BY a.aggregate_id
            FOR UPDATE OF a
            """;

    private static final String LOCK_VERSIONS = """
            SELECT aggregate_id, version
            FROM tally_aggregate
            WHERE pipeline = $1 AND aggregate_id = ANY(cast($2 as text[]))
            ORDER BY aggregate_id
            FOR UPDATE
            """;

    private static final String LOCK_ONE = """
            SELECT version, state, cast(group_key as text), %s, %s
            FROM tally_aggregate
            WHERE pipeline = :pipeline AND aggregate_id = :id
            FOR UPDATE
            """.formatted(SqlJson.iso("window_start"), SqlJson.iso("window_end"));

    private static final String LOCK_ALL = """
            SELECT version, state, cast(group_key as text), %s, %s, aggregate_id
            FROM tally_aggregate
            WHERE pipeline = :pipeline
            ORDER BY aggregate_id
            FOR UPDATE
            """.formatted(SqlJson.iso("window_start"), SqlJson.iso("window_end"));

    private static final String UPSERT = """
            INSERT INTO tally_aggregate (pipeline, aggregate_id, group_key, window_start, window_end, version, rows,
                                         results, state, updated_at, partition, closed)
            SELECT $1, a.aggregate_id, cast(a.group_key as jsonb), cast(a.window_start as timestamptz),
                   cast(a.window_end as timestamptz), a.version, a.rows, cast(a.results as jsonb), a.state,
                   cast(a.updated_at as timestamptz), a.partition, a.closed
            FROM unnest(cast($2 as text[]), cast($3 as text[]), cast($4 as text[]), cast($5 as text[]),
                        cast($6 as bigint[]), cast($7 as bigint[]), cast($8 as text[]), cast($9 as text[]),
                        cast($10 as text[]), cast($11 as int[]), cast($12 as boolean[]))
                 AS a(aggregate_id, group_key, window_start, window_end, version, rows, results, state, updated_at,
                      partition, closed)
            ON CONFLICT (pipeline, aggregate_id) DO UPDATE
            SET version = excluded.version, rows = excluded.rows, results = excluded.results,
                state = excluded.state, updated_at = excluded.updated_at,
                -- Compensations do not know the partition: they leave it as the changes set it.
                partition = coalesce(excluded.partition, tally_aggregate.partition),
                closed = tally_aggregate.closed OR excluded.closed
            """;

    private AggregateStore() {
    }

    /**
     * Locks the existing rows among {@code aggregateIds} for this transaction and loads their version, and their
     * state unless {@code cachedVersion} says the caller holds the state of that very version.
     */
    public static Uni<Map<String, StoredAggregate>> lock(Mutiny.Session session, String pipeline,
                                                         Collection<String> aggregateIds,
                                                         ToLongFunction<String> cachedVersion) {
        if (aggregateIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] ids = aggregateIds.toArray(String[]::new);
        Long[] cached = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            cached[i] = cachedVersion.applyAsLong(ids[i]);
        }
        return SqlArrays.select(session, LOCK, pipeline, ids, cached)
                .map(AggregateStore::stored)
                .chain(stored -> withValues(session, pipeline, stored));
    }

    private static Map<String, StoredAggregate> stored(List<Object[]> rows) {
        Map<String, StoredAggregate> byId = HashMap.newHashMap(rows.size());
        for (Object[] row : rows) {
            String id = (String) row[0];
            JsonNode state = row[2] == null ? null : SqlJson.parse(row[2], "state of aggregate " + id);
            byId.put(id, new StoredAggregate(id, SqlJson.number(row[1]), state, List.of()));
        }
        return byId;
    }

    /** Adds the values of the aggregates whose state was loaded; a cached state has its values with it. */
    private static Uni<Map<String, StoredAggregate>> withValues(Mutiny.Session session, String pipeline,
                                                               Map<String, StoredAggregate> stored) {
        List<String> loaded = stored.values().stream().filter(row -> row.state() != null)
                .map(StoredAggregate::aggregateId).toList();
        if (loaded.isEmpty()) {
            return Uni.createFrom().item(stored);
        }
        return AggregateValues.load(session, pipeline, loaded).map(values -> {
            values.forEach((id, some) -> stored.put(id, stored.get(id).withValues(some)));
            return stored;
        });
    }

    /** Locks the existing rows among {@code aggregateIds} for this transaction and returns their versions. */
    public static Uni<Map<String, Long>> lockVersions(Mutiny.Session session, String pipeline,
                                                      Collection<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return SqlArrays.select(session, LOCK_VERSIONS, pipeline, aggregateIds.toArray(String[]::new)).map(rows -> {
            Map<String, Long> versions = HashMap.newHashMap(rows.size());
            for (Object[] row : rows) {
                versions.put((String) row[0], SqlJson.number(row[1]));
            }
            return versions;
        });
    }

    /** Locks one aggregate for this transaction and loads it whole, with its group key and window; empty if none. */
    public static Uni<Optional<LockedAggregate>> lockOne(Mutiny.Session session, String pipeline, String aggregateId) {
        return session.createNativeQuery(LOCK_ONE, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("id", aggregateId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(row -> locked(aggregateId, row)))
                .chain(found -> found.isEmpty() ? Uni.createFrom().item(found)
                        : AggregateValues.load(session, pipeline, List.of(aggregateId)).map(values ->
                                Optional.of(found.get().withValues(values.getOrDefault(aggregateId, List.of())))));
    }

    /** Locks every aggregate of the pipeline for this transaction, in id order, and loads it. */
    public static Uni<List<LockedAggregate>> lockAll(Mutiny.Session session, String pipeline) {
        return session.createNativeQuery(LOCK_ALL, Object[].class)
                .setParameter("pipeline", pipeline)
                .getResultList()
                .map(rows -> rows.stream().map(row -> locked((String) row[5], row)).toList())
                .chain(locked -> AggregateValues.loadAll(session, pipeline).map(values -> locked.stream()
                        .map(aggregate -> aggregate.withValues(
                                values.getOrDefault(aggregate.stored().aggregateId(), List.of())))
                        .toList()));
    }

    private static LockedAggregate locked(String aggregateId, Object[] row) {
        return new LockedAggregate(
                new StoredAggregate(aggregateId, SqlJson.number(row[0]), SqlJson.parse(row[1], "state of aggregate " + aggregateId),
                        List.of()),
                SqlJson.parse(row[2], "group key of aggregate " + aggregateId),
                row[3] == null ? null : new Window(SqlJson.instant(row[3]), SqlJson.instant(row[4])));
    }

    /** Inserts or updates the rows in one statement. */
    public static Uni<Void> upsert(Mutiny.Session session, String pipeline, List<AggregateRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = rows.size();
        String[] ids = new String[size];
        String[] groupKeys = new String[size];
        String[] windowStarts = new String[size];
        String[] windowEnds = new String[size];
        Long[] versions = new Long[size];
        Long[] counts = new Long[size];
        String[] results = new String[size];
        String[] states = new String[size];
        String[] updatedAts = new String[size];
        Integer[] partitions = new Integer[size];
        Boolean[] closed = new Boolean[size];
        for (int i = 0; i < size; i++) {
            AggregateRow row = rows.get(i);
            ids[i] = row.aggregateId();
            groupKeys[i] = SqlJson.text(row.groupKey());
            if (row.window() != null) {
                windowStarts[i] = row.window().start().toString();
                windowEnds[i] = row.window().end().toString();
            }
            versions[i] = row.version();
            counts[i] = row.rows();
            results[i] = SqlJson.text(row.results());
            states[i] = SqlJson.text(row.state());
            updatedAts[i] = row.updatedAt().toString();
            partitions[i] = row.partition();
            closed[i] = row.closed();
        }
        return SqlArrays.update(session, UPSERT, pipeline, ids, groupKeys, windowStarts, windowEnds, versions, counts,
                results, states, updatedAts, partitions, closed).replaceWithVoid();
    }
}
