package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The journal of applied changes ({@code tally_journal}): where each one is on the changes topic, for reversals, which
 * read it back from there; which changes without a log position were applied (they are looked up by id); and
 * retention, which forgets entries older than the pipeline's {@code retention.journal}.
 */
public final class Journal {

    /**
     * A change applied by a batch.
     *
     * @param eventId     its id
     * @param aggregateId the aggregate it changed
     * @param rowHash     {@link #rowHash} of the aggregate and the source row
     * @param partition   its partition of the changes topic
     * @param offset      its offset there
     */
    public record Applied(String eventId, String aggregateId, long rowHash, int partition, long offset) {
    }

    /**
     * A journaled change, as a reversal reads it.
     *
     * @param eventId     the event id
     * @param aggregateId the aggregate it changed
     * @param rowHash     of the aggregate and its row
     * @param partition   its partition of the changes topic
     * @param offset      its offset there
     * @param reversedBy  the compensation that reversed it, or null
     */
    public record Entry(String eventId, String aggregateId, long rowHash, int partition, long offset,
                        String reversedBy) {
    }

    /**
     * An id met again keeps its first entry: a snapshot read again at the same source position (a snapshot Debezium
     * restarts before anything else was written) has the same id, and must not fail its batch on every retry.
     */
    private static final String INSERT = """
            INSERT INTO tally_journal (pipeline, event_id, aggregate_id, row_hash, changes_partition, changes_offset)
            SELECT :pipeline, e.event_id, e.aggregate_id, e.row_hash, e.changes_partition, e.changes_offset
            FROM jsonb_to_recordset(cast(cast(:events as text) as jsonb))
                 AS e(event_id uuid, aggregate_id text, row_hash bigint, changes_partition int, changes_offset bigint)
            ON CONFLICT (pipeline, event_id) DO NOTHING
            """;

    private static final String ENTRY = """
            SELECT aggregate_id, row_hash, changes_partition, changes_offset, reversed_by
            FROM tally_journal
            WHERE pipeline = :pipeline AND event_id = cast(:eventId as uuid)
            FOR UPDATE
            """;

    // A row's changes in one aggregate share a partition of the changes topic (changes are keyed by group key).
    private static final String SAME_ROW = """
            SELECT cast(event_id as text), aggregate_id, row_hash, changes_partition, changes_offset, reversed_by
            FROM tally_journal
            WHERE pipeline = :pipeline AND row_hash = :rowHash AND aggregate_id = :aggregateId
            ORDER BY changes_partition, changes_offset
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

    /** Journals the changes a batch applied (distinct ids, which must be UUIDs) in one statement. */
    public static Uni<Void> insert(Mutiny.Session session, String pipeline, List<Applied> applied) {
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = SqlJson.JSON.createArrayNode();
        for (Applied change : applied) {
            rows.addObject().put("event_id", change.eventId()).put("aggregate_id", change.aggregateId())
                    .put("row_hash", change.rowHash()).put("changes_partition", change.partition())
                    .put("changes_offset", change.offset());
        }
        return session.createNativeQuery(INSERT)
                .setParameter("pipeline", pipeline)
                .setParameter("events", SqlJson.text(rows))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The journaled change {@code eventId}, locked for this transaction, or empty when there is none. */
    public static Uni<Optional<Entry>> lockEntry(Mutiny.Session session, String pipeline, String eventId) {
        return session.createNativeQuery(ENTRY, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("eventId", eventId)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(row -> new Entry(eventId, (String) row[0],
                        SqlJson.number(row[1]), ((Number) row[2]).intValue(), SqlJson.number(row[3]),
                        (String) row[4])));
    }

    /** Every journaled change with the same row hash as {@code entry}, in its aggregate, in offset order. */
    public static Uni<List<Entry>> sameRow(Mutiny.Session session, String pipeline, Entry entry) {
        return session.createNativeQuery(SAME_ROW, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("rowHash", entry.rowHash())
                .setParameter("aggregateId", entry.aggregateId())
                .getResultList()
                .map(rows -> rows.stream().map(row -> new Entry((String) row[0], (String) row[1],
                        SqlJson.number(row[2]), ((Number) row[3]).intValue(), SqlJson.number(row[4]),
                        (String) row[5])).toList());
    }

    /** Marks a change as reversed by a compensation. */
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

    /** Which of {@code eventIds} are in the journal: changes applied before. */
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

    /** A 64-bit hash of an aggregate id and a source row key: what finds a row's changes in an aggregate. */
    public static long rowHash(String aggregateId, String rowKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(aggregateId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(rowKey.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
