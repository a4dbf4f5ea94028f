package dev.tally.aggregator.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tally.aggregator.PipelineJson;
import dev.tally.aggregator.apply.PendingEvent;
import dev.tally.aggregator.store.Journal;
import dev.tally.pipeline.event.ChangeEvent;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * While a rebuild runs, what each source row counts in each aggregate ({@code tally_rebuild_row}). The
 * aggregates were emptied when the rebuild began, and the snapshot's reads arrive interleaved with live
 * changes in any order a row allows: a change's own {@code before} may be something never counted again,
 * and a read may repeat what a change already counted. So each event retracts what its row counts now
 * in its aggregate, whatever the event says it was, and its {@code after} becomes what the row counts.
 */
public final class RowLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String LOAD = """
            SELECT r.aggregate_id, r.row_key, cast(r.contribution as text)
            FROM tally_rebuild_row r
            JOIN jsonb_to_recordset(cast(cast(:keys as text) as jsonb)) AS k(aggregate_id text, row_key text)
              ON r.aggregate_id = k.aggregate_id AND r.row_key = k.row_key
            WHERE r.pipeline = :pipeline
            """;

    private static final String UPSERT = """
            INSERT INTO tally_rebuild_row (pipeline, aggregate_id, row_key, contribution)
            SELECT :pipeline, r.aggregate_id, r.row_key, r.contribution
            FROM jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                 AS r(aggregate_id text, row_key text, contribution jsonb)
            ON CONFLICT (pipeline, aggregate_id, row_key) DO UPDATE SET contribution = excluded.contribution
            """;

    private static final String DELETE = """
            DELETE FROM tally_rebuild_row r
            USING jsonb_to_recordset(cast(cast(:keys as text) as jsonb)) AS k(aggregate_id text, row_key text)
            WHERE r.pipeline = :pipeline AND r.aggregate_id = k.aggregate_id AND r.row_key = k.row_key
            """;

    private RowLedger() {
    }

    /** A row in an aggregate. */
    private record Slot(String aggregateId, String rowKey) {
    }

    /**
     * The events (new ones only, in record order) with {@code before} replaced by what their row counts
     * in their aggregate now; events that then change nothing are left out. Records what each row counts
     * after them, and in the journal what each event retracted, in the same transaction.
     */
    public static Uni<List<PendingEvent>> rewrite(Mutiny.Session session, String pipeline, PipelineJson json,
                                                  List<PendingEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<Slot, JsonNode> touched = new LinkedHashMap<>();
        for (PendingEvent pending : events) {
            touched.put(slot(pending.event()), null);
        }
        return session.createNativeQuery(LOAD, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("keys", keys(touched.keySet()).toString())
                .getResultList()
                .chain(rows -> {
                    Map<Slot, JsonNode> counted = new HashMap<>();
                    for (Object[] row : rows) {
                        counted.put(new Slot((String) row[0], (String) row[1]), parse((String) row[2]));
                    }
                    List<PendingEvent> rewritten = new ArrayList<>(events.size());
                    Map<String, JsonNode> retracted = new HashMap<>();
                    for (PendingEvent pending : events) {
                        ChangeEvent event = pending.event();
                        Slot slot = slot(event);
                        JsonNode now = counted.get(slot);
                        retracted.put(event.eventId(), now);
                        counted.put(slot, event.after() == null ? null : json.contribution(event.after()));
                        if (now != null || event.after() != null) {
                            Map<String, Object> before = now == null ? null : json.readContribution(now);
                            rewritten.add(new PendingEvent(pending.record(), withBefore(event, before)));
                        }
                    }
                    return write(session, pipeline, touched.keySet(), counted)
                            .chain(() -> Journal.recordBefore(session, pipeline, retracted))
                            .replaceWith(rewritten);
                });
    }

    private static Uni<Void> write(Mutiny.Session session, String pipeline, Iterable<Slot> slots, Map<Slot, JsonNode> counted) {
        ArrayNode upserts = JSON.createArrayNode();
        List<Slot> gone = new ArrayList<>();
        for (Slot slot : slots) {
            JsonNode contribution = counted.get(slot);
            if (contribution == null) {
                gone.add(slot);
            } else {
                upserts.addObject().put("aggregate_id", slot.aggregateId()).put("row_key", slot.rowKey())
                        .set("contribution", contribution);
            }
        }
        Uni<Void> upserted = upserts.isEmpty() ? Uni.createFrom().voidItem()
                : session.createNativeQuery(UPSERT).setParameter("pipeline", pipeline)
                        .setParameter("rows", upserts.toString()).executeUpdate().replaceWithVoid();
        return upserted.chain(() -> gone.isEmpty() ? Uni.createFrom().voidItem()
                : session.createNativeQuery(DELETE).setParameter("pipeline", pipeline)
                        .setParameter("keys", keys(gone).toString()).executeUpdate().replaceWithVoid());
    }

    private static Slot slot(ChangeEvent event) {
        return new Slot(event.aggregateId(), event.rowKey());
    }

    private static ArrayNode keys(Iterable<Slot> slots) {
        ArrayNode keys = JSON.createArrayNode();
        slots.forEach(slot -> keys.addObject().put("aggregate_id", slot.aggregateId()).put("row_key", slot.rowKey()));
        return keys;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("a contribution in tally_rebuild_row is not JSON", e);
        }
    }

    private static ChangeEvent withBefore(ChangeEvent e, Map<String, Object> before) {
        return new ChangeEvent(e.pipeline(), e.eventId(), e.key(), e.window(), before, e.after(), e.rowKey(), e.order(),
                e.eventTime(), e.commitTime(), e.source(), e.position(), e.reread());
    }
}
