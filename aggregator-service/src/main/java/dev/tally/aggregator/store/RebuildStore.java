package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** A pipeline's rebuilds ({@code tally_rebuild}) and, while one runs, its row ledger ({@code tally_rebuild_row}). */
public final class RebuildStore {

    /**
     * One rebuild as stored. {@code sources} maps each connector to {@code requested} (its signal not written yet),
     * {@code signalled} or {@code completed}.
     */
    public record Rebuild(String id, String pipeline, String state, Map<String, String> sources, String requestedBy,
                          Instant requestedAt, Instant finishedAt, String detail) {
    }

    /** A source row in an aggregate: what the row ledger is keyed by. */
    public record LedgerSlot(String aggregateId, String rowKey) {
    }

    private static final String LEDGER_LOAD = """
            SELECT r.aggregate_id, r.row_key, cast(r.contribution as text)
            FROM tally_rebuild_row r
            JOIN jsonb_to_recordset(cast(cast(:keys as text) as jsonb)) AS k(aggregate_id text, row_key text)
              ON r.aggregate_id = k.aggregate_id AND r.row_key = k.row_key
            WHERE r.pipeline = :pipeline
            """;

    private static final String LEDGER_UPSERT = """
            INSERT INTO tally_rebuild_row (pipeline, aggregate_id, row_key, contribution)
            SELECT :pipeline, r.aggregate_id, r.row_key, r.contribution
            FROM jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                 AS r(aggregate_id text, row_key text, contribution jsonb)
            ON CONFLICT (pipeline, aggregate_id, row_key) DO UPDATE SET contribution = excluded.contribution
            """;

    private static final String LEDGER_DELETE = """
            DELETE FROM tally_rebuild_row r
            USING jsonb_to_recordset(cast(cast(:keys as text) as jsonb)) AS k(aggregate_id text, row_key text)
            WHERE r.pipeline = :pipeline AND r.aggregate_id = k.aggregate_id AND r.row_key = k.row_key
            """;

    private static final String COLUMNS = "cast(id as text), pipeline, state, cast(sources as text), requested_by, "
            + SqlJson.iso("requested_at") + ", " + SqlJson.iso("finished_at") + ", detail";

    // A rebuild begins and ends under the pipeline's rebuild lock held exclusively; every batch holds it shared from
    // before it looks for a running rebuild until it commits. So no batch applies changes in the wrong mode: one that
    // started before a rebuild began finishes first, one that starts later sees it.
    private static final String SHARED_LOCK =
            "SELECT count(*) FROM (SELECT pg_advisory_xact_lock_shared(hashtext('tally_rebuild'), hashtext(:pipeline))) AS l";
    private static final String EXCLUSIVE_LOCK =
            "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('tally_rebuild'), hashtext(:pipeline))) AS l";

    public static final String REQUESTED = "requested";
    public static final String SIGNALLED = "signalled";
    public static final String COMPLETED = "completed";

    private RebuildStore() {
    }

    /**
     * Records a running rebuild.
     *
     * @return false when another rebuild of the pipeline is running (nothing was written)
     */
    public static Uni<Boolean> begin(Mutiny.Session session, String pipeline, String id, Collection<String> connectors,
                                     String requestedBy, Instant requestedAt) {
        ObjectNode sources = SqlJson.JSON.createObjectNode();
        connectors.forEach(c -> sources.put(c, REQUESTED));
        return lock(session, EXCLUSIVE_LOCK, pipeline).chain(() -> session.createNativeQuery("""
                        INSERT INTO tally_rebuild (pipeline, id, state, sources, requested_by, requested_at)
                        VALUES (:pipeline, cast(:id as uuid), 'running', cast(cast(:sources as text) as jsonb),
                                :requestedBy, cast(cast(:requestedAt as text) as timestamptz))
                        ON CONFLICT (pipeline) WHERE state = 'running' DO NOTHING
                        """)
                .setParameter("pipeline", pipeline)
                .setParameter("id", id)
                .setParameter("sources", SqlJson.text(sources))
                .setParameter("requestedBy", requestedBy)
                .setParameter("requestedAt", requestedAt.toString())
                .executeUpdate()
                .map(inserted -> inserted == 1));
    }

    /**
     * The running rebuild of the pipeline, for a batch: takes the rebuild lock shared for the transaction first, so
     * no rebuild begins or ends until the batch has committed.
     */
    public static Uni<Optional<String>> runningForBatch(Mutiny.Session session, String pipeline) {
        return lock(session, SHARED_LOCK, pipeline)
                .chain(() -> session.createNativeQuery("SELECT cast(id as text) FROM tally_rebuild "
                                + "WHERE pipeline = :pipeline AND state = 'running'", String.class)
                        .setParameter("pipeline", pipeline)
                        .getResultList())
                .map(ids -> ids.stream().findFirst());
    }

    /** What the row ledger holds for these slots; a slot it does not hold is absent. */
    public static Uni<Map<LedgerSlot, JsonNode>> ledger(Mutiny.Session session, String pipeline,
                                                        Collection<LedgerSlot> slots) {
        return session.createNativeQuery(LEDGER_LOAD, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("keys", SqlJson.text(keys(slots)))
                .getResultList()
                .map(rows -> {
                    Map<LedgerSlot, JsonNode> counted = new HashMap<>();
                    for (Object[] row : rows) {
                        LedgerSlot slot = new LedgerSlot((String) row[0], (String) row[1]);
                        counted.put(slot, SqlJson.parse(row[2], "the row ledger's contribution of " + slot));
                    }
                    return counted;
                });
    }

    /** Stores what each slot counts now; a slot mapped to null counts nothing and leaves the ledger. */
    public static Uni<Void> writeLedger(Mutiny.Session session, String pipeline, Map<LedgerSlot, JsonNode> counted) {
        ArrayNode upserts = SqlJson.JSON.createArrayNode();
        List<LedgerSlot> gone = new ArrayList<>();
        counted.forEach((slot, contribution) -> {
            if (contribution == null) {
                gone.add(slot);
            } else {
                upserts.addObject().put("aggregate_id", slot.aggregateId()).put("row_key", slot.rowKey())
                        .set("contribution", contribution);
            }
        });
        Uni<Void> upserted = upserts.isEmpty() ? Uni.createFrom().voidItem()
                : session.createNativeQuery(LEDGER_UPSERT).setParameter("pipeline", pipeline)
                        .setParameter("rows", SqlJson.text(upserts)).executeUpdate().replaceWithVoid();
        return upserted.chain(() -> gone.isEmpty() ? Uni.createFrom().voidItem()
                : session.createNativeQuery(LEDGER_DELETE).setParameter("pipeline", pipeline)
                        .setParameter("keys", SqlJson.text(keys(gone))).executeUpdate().replaceWithVoid());
    }

    private static ArrayNode keys(Collection<LedgerSlot> slots) {
        ArrayNode keys = SqlJson.JSON.createArrayNode();
        slots.forEach(slot -> keys.addObject().put("aggregate_id", slot.aggregateId()).put("row_key", slot.rowKey()));
        return keys;
    }

    private static Uni<Void> lock(Mutiny.Session session, String sql, String pipeline) {
        return session.createNativeQuery(sql).setParameter("pipeline", pipeline).getSingleResult().replaceWithVoid();
    }

    /** The pipeline's rebuilds, newest first. */
    public static Uni<List<Rebuild>> list(Mutiny.Session session, String pipeline, int limit) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM tally_rebuild WHERE pipeline = :pipeline "
                        + "ORDER BY requested_at DESC LIMIT :limit", Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(RebuildStore::rebuild).toList());
    }

    /** Every running rebuild, of all pipelines. */
    public static Uni<List<Rebuild>> running(Mutiny.Session session) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM tally_rebuild WHERE state = 'running'",
                        Object[].class)
                .getResultList()
                .map(rows -> rows.stream().map(RebuildStore::rebuild).toList());
    }

    /** Notes where a connector's incremental snapshot is: {@link #SIGNALLED} or {@link #COMPLETED}. */
    public static Uni<Void> source(Mutiny.Session session, String pipeline, String id, String connector, String state) {
        return session.createNativeQuery("UPDATE tally_rebuild SET sources = jsonb_set(sources, "
                        + "cast(cast(:path as text) as text[]), to_jsonb(cast(:state as text))) "
                        + "WHERE pipeline = :pipeline AND id = cast(:id as uuid) AND state = 'running'")
                .setParameter("path", "{" + connector + "}")
                .setParameter("state", state)
                .setParameter("pipeline", pipeline)
                .setParameter("id", id)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Ends a running rebuild ({@code done} or {@code failed}) and forgets its row ledger. */
    public static Uni<Void> finish(Mutiny.Session session, String pipeline, String id, String state, String detail) {
        return lock(session, EXCLUSIVE_LOCK, pipeline)
                .chain(() -> session.createNativeQuery("UPDATE tally_rebuild SET state = :state, finished_at = now(), "
                                + "detail = :detail WHERE pipeline = :pipeline AND id = cast(:id as uuid) AND state = 'running'")
                        .setParameter("state", state)
                        .setParameter("detail", detail)
                        .setParameter("pipeline", pipeline)
                        .setParameter("id", id)
                        .executeUpdate())
                .chain(() -> session.createNativeQuery("DELETE FROM tally_rebuild_row WHERE pipeline = :pipeline")
                        .setParameter("pipeline", pipeline)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static Rebuild rebuild(Object[] row) {
        JsonNode sources = SqlJson.parse(row[3], "sources of rebuild " + row[0]);
        Map<String, String> byConnector = new LinkedHashMap<>();
        sources.properties().forEach(e -> byConnector.put(e.getKey(), e.getValue().asText()));
        return new Rebuild((String) row[0], (String) row[1], (String) row[2], byConnector, (String) row[4],
                SqlJson.instant(row[5]), SqlJson.instant(row[6]), (String) row[7]);
    }
}
