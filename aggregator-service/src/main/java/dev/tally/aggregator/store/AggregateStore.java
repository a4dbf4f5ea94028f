package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** Writes aggregate rows ({@code tally_aggregate}) inside the batch transaction: lock and load, then upsert. */
public final class AggregateStore {

    // Locked in id order: two transactions touching the same aggregates cannot deadlock on them.
    private static final String LOCK = """
            SELECT aggregate_id, version, cast(state as text)
            FROM tally_aggregate
            WHERE pipeline = :pipeline
              AND aggregate_id IN (SELECT jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)))
            ORDER BY aggregate_id
            FOR UPDATE
            """;

    private static final String UPSERT = """
            INSERT INTO tally_aggregate (pipeline, aggregate_id, group_key, window_start, window_end, version, rows,
                                         results, state, updated_at)
            SELECT :pipeline, a.aggregate_id, a.group_key, a.window_start, a.window_end, a.version, a.rows,
                   a.results, a.state, cast(cast(:updatedAt as text) as timestamptz)
            FROM jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                 AS a(aggregate_id text, group_key jsonb, window_start timestamptz, window_end timestamptz,
                      version bigint, rows bigint, results jsonb, state jsonb)
            ON CONFLICT (pipeline, aggregate_id) DO UPDATE
            SET version = excluded.version, rows = excluded.rows, results = excluded.results,
                state = excluded.state, updated_at = excluded.updated_at
            """;

    private AggregateStore() {
    }

    /** Locks the existing rows among {@code aggregateIds} for this transaction and loads their version and state. */
    public static Uni<Map<String, StoredAggregate>> lock(Mutiny.Session session, String pipeline,
                                                         Collection<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        ArrayNode ids = SqlJson.JSON.createArrayNode();
        aggregateIds.stream().sorted().forEach(ids::add);
        return session.createNativeQuery(LOCK, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("ids", SqlJson.text(ids))
                .getResultList()
                .map(AggregateStore::stored);
    }

    private static Map<String, StoredAggregate> stored(List<Object[]> rows) {
        Map<String, StoredAggregate> byId = HashMap.newHashMap(rows.size());
        for (Object[] row : rows) {
            String id = (String) row[0];
            byId.put(id, new StoredAggregate(id, SqlJson.number(row[1]), SqlJson.parse(row[2], "state of aggregate " + id)));
        }
        return byId;
    }

    /** Inserts or updates the rows in one statement. */
    public static Uni<Void> upsert(Mutiny.Session session, String pipeline, List<AggregateRow> rows, Instant updatedAt) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        for (AggregateRow row : rows) {
            ObjectNode node = array.addObject();
            node.put("aggregate_id", row.aggregateId());
            node.set("group_key", row.groupKey());
            if (row.window() != null) {
                node.put("window_start", row.window().start().toString());
                node.put("window_end", row.window().end().toString());
            }
            node.put("version", row.version());
            node.put("rows", row.rows());
            node.set("results", row.results());
            node.set("state", row.state());
        }
        return session.createNativeQuery(UPSERT)
                .setParameter("pipeline", pipeline)
                .setParameter("rows", SqlJson.text(array))
                .setParameter("updatedAt", updatedAt.toString())
                .executeUpdate()
                .replaceWithVoid();
    }
}
