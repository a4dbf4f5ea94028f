package dev.tally.aggregator.store;

import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
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

    // A batch's changes, a row per partition: the arrays hold every partition's changes one after the other, and each
    // row takes its slice.
    private static final String INSERT = """
            INSERT INTO tally_journal_batch (pipeline, changes_partition, event_ids, aggregate_ids, row_hashes, offsets)
            SELECT $1, p.partition, (cast($5 as uuid[]))[p.first:p.last], (cast($6 as text[]))[p.first:p.last],
                   (cast($7 as bigint[]))[p.first:p.last], (cast($8 as bigint[]))[p.first:p.last]
            FROM unnest(cast($2 as int[]), cast($3 as int[]), cast($4 as int[])) AS p(partition, first, last)
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
            SELECT DISTINCT cast(e.event_id as text)
            FROM tally_journal_batch j CROSS JOIN LATERAL unnest(j.event_ids) AS e(event_id)
            WHERE j.pipeline = $1 AND j.event_ids && cast($2 as uuid[]) AND e.event_id = ANY (cast($2 as uuid[]))
            """;

    /**
     * What a purge removed.
     *
     * @param batches the batch rows deleted
     * @param entries the changes they held
     */
    public record Purged(int batches, long entries) {
    }

    private Journal() {
    }

    /** Journals the changes a batch applied (distinct ids, which must be UUIDs): a row per partition, one statement. */
    public static Uni<Void> insert(Mutiny.Session session, String pipeline, List<Applied> applied) {
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<Integer, List<Applied>> byPartition = new TreeMap<>();
        for (Applied change : applied) {
            byPartition.computeIfAbsent(change.partition(), partition -> new ArrayList<>()).add(change);
        }
        int size = applied.size();
        Integer[] partitions = new Integer[byPartition.size()];
        Integer[] firsts = new Integer[partitions.length];
        Integer[] lasts = new Integer[partitions.length];
        UUID[] eventIds = new UUID[size];
        String[] aggregateIds = new String[size];
        Long[] rowHashes = new Long[size];
        Long[] offsets = new Long[size];
        int row = 0;
        int next = 0;
        for (Map.Entry<Integer, List<Applied>> partition : byPartition.entrySet()) {
            partitions[row] = partition.getKey();
            firsts[row] = next + 1;
            for (Applied change : partition.getValue()) {
                eventIds[next] = UUID.fromString(change.eventId());
                aggregateIds[next] = change.aggregateId();
                rowHashes[next] = change.rowHash();
                offsets[next] = change.offset();
                next++;
            }
            lasts[row++] = next;
        }
        return SqlArrays.update(session, INSERT, pipeline, partitions, firsts, lasts, eventIds, aggregateIds,
                rowHashes, offsets).replaceWithVoid();
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
        UUID[] ids = eventIds.stream().map(UUID::fromString).toArray(UUID[]::new);
        return SqlArrays.select(session, KNOWN, pipeline, ids)
                .map(rows -> {
                    Set<String> known = HashSet.newHashSet(rows.size());
                    rows.forEach(row -> known.add((String) row[0]));
                    return known;
                });
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
