package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The journal of applied changes ({@code tally_journal_batch}, a row per batch and partition of the changes topic;
 * the view {@code tally_journal} shows a row per change): where each one is on the changes topic, for reversals,
 * which read it back from there; which changes without a log position were applied (they are looked up by id); which
 * were reversed ({@code tally_reversal}); and retention, which forgets batches older than the pipeline's
 * {@code retention.journal}.
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

    // A batch's changes, a row per partition; the arrays come as JSON arrays of each partition's elements.
    private static final String INSERT = """
            INSERT INTO tally_journal_batch (pipeline, changes_partition, event_ids, aggregate_ids, row_hashes, offsets)
            SELECT :pipeline, b.changes_partition, b.event_ids, b.aggregate_ids, b.row_hashes, b.offsets
            FROM jsonb_to_recordset(cast(cast(:batches as text) as jsonb))
                 AS b(changes_partition int, event_ids uuid[], aggregate_ids text[], row_hashes bigint[], offsets bigint[])
            """;

    // The first entry of an id met again (a snapshot read again at the same source position has the same id); the
    // batch row is locked, so two reversals of the change wait for each other.
    private static final String ENTRY = """
            SELECT j.aggregate_ids[p.i], j.row_hashes[p.i], j.changes_partition, j.offsets[p.i]
            FROM tally_journal_batch j
            CROSS JOIN LATERAL array_position(j.event_ids, cast(:eventId as uuid)) AS p(i)
            WHERE j.pipeline = :pipeline AND j.event_ids @> ARRAY[cast(:eventId as uuid)]
            ORDER BY j.id
            LIMIT 1
            FOR UPDATE OF j
            """;

    // Read after the lock, in a statement of its own: it then sees a reversal committed while this one waited.
    private static final String REVERSED_BY = """
            SELECT compensation_id FROM tally_reversal WHERE pipeline = :pipeline AND event_id = cast(:eventId as uuid)
            """;

    // A row's changes in one aggregate share a partition of the changes topic (changes are keyed by group key).
    private static final String SAME_ROW = """
            SELECT cast(e.event_id as text), e.aggregate_id, e.row_hash, j.changes_partition, e.changes_offset,
                   r.compensation_id
            FROM tally_journal_batch j
            CROSS JOIN LATERAL unnest(j.event_ids, j.aggregate_ids, j.row_hashes, j.offsets)
                AS e(event_id, aggregate_id, row_hash, changes_offset)
            LEFT JOIN tally_reversal r ON r.pipeline = j.pipeline AND r.event_id = e.event_id
            WHERE j.pipeline = :pipeline AND j.row_hashes @> ARRAY[cast(:rowHash as bigint)]
              AND e.row_hash = :rowHash AND e.aggregate_id = :aggregateId
            ORDER BY j.changes_partition, e.changes_offset
            """;

    private static final String MARK_REVERSED = """
            INSERT INTO tally_reversal (pipeline, event_id, compensation_id)
            VALUES (:pipeline, cast(:eventId as uuid), :compensationId)
            """;

    // Oldest first, a bounded number of batches per statement: a long backlog never holds one huge lock. The
    // reversals of the purged changes go with them.
    private static final String PURGE = """
            WITH old AS (
                SELECT id FROM tally_journal_batch
                WHERE pipeline = :pipeline AND applied_at < now() - cast(:millis as bigint) * interval '1 millisecond'
                ORDER BY applied_at LIMIT :limit
            ), gone AS (
                DELETE FROM tally_journal_batch j USING old WHERE j.id = old.id RETURNING j.event_ids
            ), unmarked AS (
                DELETE FROM tally_reversal r USING gone
                WHERE r.pipeline = :pipeline AND r.event_id = ANY (gone.event_ids)
            )
            SELECT count(*), coalesce(sum(cardinality(event_ids)), 0) FROM gone
            """;

    private static final String KNOWN = """
            WITH wanted AS (
                SELECT ARRAY(SELECT cast(jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as uuid)) AS ids
            )
            SELECT DISTINCT cast(e.event_id as text)
            FROM wanted, tally_journal_batch j CROSS JOIN LATERAL unnest(j.event_ids) AS e(event_id)
            WHERE j.pipeline = :pipeline AND j.event_ids && wanted.ids AND e.event_id = ANY (wanted.ids)
            """;

    /**
     * What a purge removed.
     *
     * @param batches the batch rows deleted
     * @param entries the changes they held
     */
    public record Purged(int batches, long entries) {
    }

    /** The arrays of one partition's row, as the insert's JSON parameter holds them. */
    private record PartitionRow(ArrayNode eventIds, ArrayNode aggregateIds, ArrayNode rowHashes, ArrayNode offsets) {

        static PartitionRow in(ArrayNode batches, int partition) {
            ObjectNode row = batches.addObject().put("changes_partition", partition);
            return new PartitionRow(row.putArray("event_ids"), row.putArray("aggregate_ids"), row.putArray("row_hashes"),
                    row.putArray("offsets"));
        }
    }

    private Journal() {
    }

    /** Journals the changes a batch applied (distinct ids, which must be UUIDs): a row per partition, one statement. */
    public static Uni<Void> insert(Mutiny.Session session, String pipeline, List<Applied> applied) {
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<Integer, PartitionRow> byPartition = new TreeMap<>();
        ArrayNode batches = SqlJson.JSON.createArrayNode();
        for (Applied change : applied) {
            PartitionRow row = byPartition.computeIfAbsent(change.partition(),
                    partition -> PartitionRow.in(batches, partition));
            row.eventIds().add(change.eventId());
            row.aggregateIds().add(change.aggregateId());
            row.rowHashes().add(change.rowHash());
            row.offsets().add(change.offset());
        }
        return session.createNativeQuery(INSERT)
                .setParameter("pipeline", pipeline)
                .setParameter("batches", SqlJson.text(batches))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The journaled change {@code eventId}, locked for this transaction, or empty when there is none. */
    public static Uni<Optional<Entry>> lockEntry(Mutiny.Session session, String pipeline, String eventId) {
        return session.createNativeQuery(ENTRY, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("eventId", eventId)
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(Optional.<Entry>empty());
                    }
                    Object[] row = rows.getFirst();
                    return session.createNativeQuery(REVERSED_BY, String.class)
                            .setParameter("pipeline", pipeline)
                            .setParameter("eventId", eventId)
                            .getResultList()
                            .map(reversedBy -> Optional.of(new Entry(eventId, (String) row[0], SqlJson.number(row[1]),
                                    ((Number) row[2]).intValue(), SqlJson.number(row[3]),
                                    reversedBy.isEmpty() ? null : reversedBy.getFirst())));
                });
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

    /** Marks a change as reversed by a compensation (the caller holds its entry's lock: it was not reversed). */
    public static Uni<Void> markReversed(Mutiny.Session session, String pipeline, String eventId, String compensationId) {
        return session.createNativeQuery(MARK_REVERSED)
                .setParameter("pipeline", pipeline)
                .setParameter("eventId", eventId)
                .setParameter("compensationId", compensationId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * Deletes up to {@code limit} of the oldest batches of entries applied more than {@code retention} ago.
     *
     * @return what was deleted: fewer than {@code limit} batches means none are left
     */
    public static Uni<Purged> purge(Mutiny.Session session, String pipeline, Duration retention, int limit) {
        return session.createNativeQuery(PURGE, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("millis", retention.toMillis())
                .setParameter("limit", limit)
                .getSingleResult()
                .map(row -> new Purged(((Number) row[0]).intValue(), SqlJson.number(row[1])));
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
        MessageDigest digest = SHA_256.get();
        digest.update(aggregateId.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(rowKey.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    // One per thread, reset by digest(): looking the algorithm up cost as much as hashing, once per change.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });
}
