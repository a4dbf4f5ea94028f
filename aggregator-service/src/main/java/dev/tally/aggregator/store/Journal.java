package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.PipelineJson;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The journal of processed events ({@code tally_journal}): records events once and tells which were new, hands
 * an event's contributions back for a reversal, and forgets entries older than the retention period.
 */
public final class Journal {

    private static final String INSERT = """
            INSERT INTO tally_journal (pipeline, event_id, aggregate_id, before, after, row_key, ord, commit_time)
            SELECT :pipeline, e.event_id, e.aggregate_id, e.before, e.after, e.row_key, e.ord, e.commit_time
            FROM jsonb_to_recordset(cast(cast(:events as text) as jsonb))
                 AS e(event_id uuid, aggregate_id text, before jsonb, after jsonb, row_key text, ord text,
                      commit_time timestamptz)
            """;

    private static final String ENTRY = """
            SELECT aggregate_id, cast(before as text), cast(after as text), row_key, ord, reversed_by
            FROM tally_journal
            WHERE pipeline = :pipeline AND event_id = cast(:eventId as uuid)
            FOR UPDATE
            """;

    // Reversals are judged per row: what a later change of the row did builds on this event's contribution.
    private static final String LATER_CHANGE_OF_ROW = """
            SELECT cast(event_id as text) FROM tally_journal
            WHERE pipeline = :pipeline AND aggregate_id = :aggregateId AND row_key = :rowKey AND ord > :ord
              AND reversed_by IS NULL
            ORDER BY ord LIMIT 1
            """;

    private static final String PREVIOUS_ORDER_OF_ROW = """
            SELECT ord FROM tally_journal
            WHERE pipeline = :pipeline AND aggregate_id = :aggregateId AND row_key = :rowKey AND ord < :ord
              AND reversed_by IS NULL
            ORDER BY ord DESC LIMIT 1
            """;

    private static final String MARK_REVERSED = """
            UPDATE tally_journal SET reversed_by = :compensationId
            WHERE pipeline = :pipeline AND event_id = cast(:eventId as uuid)
            """;

    // Oldest first, a bounded number per statement: a long backlog never holds one huge lock.
    private static final String PURGE = """
            DELETE FROM tally_journal j
            USING (SELECT event_id FROM tally_journal
                   WHERE pipeline = :pipeline AND applied_at < now() - cast(:millis as bigint) * interval '1 millisecond'
                   ORDER BY applied_at LIMIT :limit) old
            WHERE j.pipeline = :pipeline AND j.event_id = old.event_id
            """;

    private static final String KNOWN = """
            SELECT cast(event_id as text) FROM tally_journal
            WHERE pipeline = :pipeline
              AND event_id IN (SELECT cast(jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as uuid))
            """;

    private Journal() {
    }

    /**
     * Journals the events applied by a batch (distinct ids, which must be UUIDs, none journaled yet: see
     * {@link #known}) in one statement, with the contributions they applied, for reversals.
     */
    public static Uni<Void> insert(Mutiny.Session session, String pipeline, PipelineJson json, List<ChangeEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
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
        return session.createNativeQuery(INSERT)
                .setParameter("pipeline", pipeline)
                .setParameter("events", SqlJson.text(rows))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The journaled event {@code eventId}, locked for this transaction, or empty when there is none. */
    public static Uni<Optional<JournalEntry>> lockEntry(Mutiny.Session session, String pipeline, String eventId) {
        return session.createNativeQuery(ENTRY, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("eventId", eventId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(row -> new JournalEntry(eventId, (String) row[0],
                        row[1] == null ? null : SqlJson.parse(row[1], "before of journaled event " + eventId),
                        row[2] == null ? null : SqlJson.parse(row[2], "after of journaled event " + eventId),
                        (String) row[3], (String) row[4], (String) row[5])));
    }

    /** The first change of the entry's row in its aggregate after it that is not reversed, if any. */
    public static Uni<Optional<String>> laterChangeOfRow(Mutiny.Session session, String pipeline, JournalEntry entry) {
        return rowQuery(session, LATER_CHANGE_OF_ROW, pipeline, entry);
    }

    /** The order of the change of the entry's row in its aggregate just before it, if the journal still has it. */
    public static Uni<Optional<String>> previousOrderOfRow(Mutiny.Session session, String pipeline, JournalEntry entry) {
        return rowQuery(session, PREVIOUS_ORDER_OF_ROW, pipeline, entry);
    }

    private static Uni<Optional<String>> rowQuery(Mutiny.Session session, String sql, String pipeline, JournalEntry entry) {
        if (entry.rowKey() == null || entry.order() == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return session.createNativeQuery(sql, String.class)
                .setParameter("pipeline", pipeline)
                .setParameter("aggregateId", entry.aggregateId())
                .setParameter("rowKey", entry.rowKey())
                .setParameter("ord", entry.order())
                .getResultList()
                .map(rows -> rows.stream().findFirst());
    }

    /** Marks an event as reversed by a compensation. */
    public static Uni<Void> markReversed(Mutiny.Session session, String pipeline, String eventId, String compensationId) {
        return session.createNativeQuery(MARK_REVERSED)
                .setParameter("pipeline", pipeline)
                .setParameter("eventId", eventId)
                .setParameter("compensationId", compensationId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * Deletes up to {@code limit} of the oldest entries applied more than {@code retention} ago.
     *
     * @return how many were deleted: fewer than {@code limit} means none are left
     */
    public static Uni<Integer> purge(Mutiny.Session session, String pipeline, Duration retention, int limit) {
        return session.createNativeQuery(PURGE)
                .setParameter("pipeline", pipeline)
                .setParameter("millis", retention.toMillis())
                .setParameter("limit", limit)
                .executeUpdate();
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
