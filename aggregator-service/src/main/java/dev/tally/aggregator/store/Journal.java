package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.aggregator.PipelineJson;
import dev.tally.pipeline.event.ChangeEvent;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/** The journal of processed events ({@code tally_journal}): records events once and tells which were new. */
public final class Journal {

    private static final String INSERT = """
            INSERT INTO tally_journal (pipeline, event_id, aggregate_id, before, after, row_key, ord, commit_time)
            SELECT :pipeline, e.event_id, e.aggregate_id, e.before, e.after, e.row_key, e.ord, e.commit_time
            FROM jsonb_to_recordset(cast(cast(:events as text) as jsonb))
                 AS e(event_id uuid, aggregate_id text, before jsonb, after jsonb, row_key text, ord text,
                      commit_time timestamptz)
            ON CONFLICT DO NOTHING
            RETURNING cast(event_id as text)
            """;

    private static final String FORGET = """
            DELETE FROM tally_journal
            WHERE pipeline = :pipeline
              AND event_id IN (SELECT cast(jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as uuid))
            """;

    private static final String KNOWN = """
            SELECT cast(event_id as text) FROM tally_journal
            WHERE pipeline = :pipeline
              AND event_id IN (SELECT cast(jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as uuid))
            """;

    private Journal() {
    }

    /**
     * Inserts the events (distinct ids, which must be UUIDs) in one statement.
     *
     * @return the ids that were not in the journal yet: only these are to be applied
     */
    public static Uni<Set<String>> insertNew(Mutiny.Session session, String pipeline, PipelineJson json,
                                             List<ChangeEvent> events) {
        ArrayNode rows = SqlJson.JSON.createArrayNode();
        for (ChangeEvent event : events) {
            ObjectNode row = rows.addObject();
            row.put("event_id", event.eventId());
            row.put("aggregate_id", event.aggregateId());
            // A missing field reads as SQL NULL; a JSON null would be stored as the jsonb value null.
            if (event.before() != null) {
                row.set("before", json.contribution(event.before()));
            }
            if (event.after() != null) {
                row.set("after", json.contribution(event.after()));
            }
            row.put("row_key", event.rowKey());
            row.put("ord", event.order());
            if (event.commitTime() != null) {
                row.put("commit_time", event.commitTime().toString());
            }
        }
        return session.createNativeQuery(INSERT, String.class)
                .setParameter("pipeline", pipeline)
                .setParameter("events", SqlJson.text(rows))
                .getResultList()
                .map(HashSet::new);
    }

    /** Removes events again in the same transaction: events that were rejected, so that a redelivery is judged anew. */
    public static Uni<Void> forget(Mutiny.Session session, String pipeline, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode ids = SqlJson.JSON.createArrayNode();
        eventIds.forEach(ids::add);
        return session.createNativeQuery(FORGET)
                .setParameter("pipeline", pipeline)
                .setParameter("ids", SqlJson.text(ids))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Which of {@code eventIds} are in the journal already: events that were applied before. */
    public static Uni<Set<String>> known(Mutiny.Session session, String pipeline, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        ArrayNode ids = SqlJson.JSON.createArrayNode();
        eventIds.forEach(ids::add);
        return session.createNativeQuery(KNOWN, String.class)
                .setParameter("pipeline", pipeline)
                .setParameter("ids", SqlJson.text(ids))
                .getResultList()
                .map(HashSet::new);
    }
}
