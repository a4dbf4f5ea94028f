package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tally.aggregator.store.DlqCoordinates;
import dev.tally.aggregator.store.Redrive;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The log of re-drives of dead-letter entries ({@code tally_redrive}), and where "re-drive all" stands in each
 * partition of a pipeline's dead-letter topic ({@code tally_redrive_cursor}).
 */
public final class RedriveLog {

    private static final String COLUMNS = "r.dlq_partition, r.dlq_offset, " + SqlJson.iso("r.redriven_at")
            + ", r.redriven_by, r.target_topic, r.target_partition, r.target_offset";

    private static final String OF_ENTRIES = "SELECT " + COLUMNS + """
             FROM tally_redrive r
            JOIN jsonb_to_recordset(cast(cast(:entries as text) as jsonb)) AS e(p integer, o bigint)
              ON r.dlq_partition = e.p AND r.dlq_offset = e.o
            WHERE r.pipeline = :pipeline
            ORDER BY r.id
            """;

    private static final String AFTER_CURSORS = "SELECT " + COLUMNS + """
             FROM tally_redrive r
            LEFT JOIN tally_redrive_cursor c ON c.pipeline = r.pipeline AND c.dlq_partition = r.dlq_partition
            WHERE r.pipeline = :pipeline AND r.dlq_offset >= coalesce(c.next_offset, 0)
            ORDER BY r.id
            """;

    private static final String CURSORS = """
            SELECT dlq_partition, next_offset FROM tally_redrive_cursor WHERE pipeline = :pipeline
            """;

    private static final String SAVE_CURSORS = """
            INSERT INTO tally_redrive_cursor (pipeline, dlq_partition, next_offset)
            SELECT :pipeline, e.p, e.o
            FROM jsonb_to_recordset(cast(cast(:cursors as text) as jsonb)) AS e(p integer, o bigint)
            ON CONFLICT (pipeline, dlq_partition) DO UPDATE
            SET next_offset = greatest(tally_redrive_cursor.next_offset, excluded.next_offset)
            """;

    // Two re-drives of one pipeline run one after the other, across every aggregator replica: "all" never sends an
    // entry twice. The lock ends with the transaction.
    private static final String LOCK = """
            SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('tally_redrive'), hashtext(:pipeline))) AS l
            """;

    private static final String INSERT = """
            INSERT INTO tally_redrive (pipeline, dlq_partition, dlq_offset, redriven_by, target_topic, target_partition,
                                       target_offset)
            SELECT :pipeline, e.dlq_partition, e.dlq_offset, e.redriven_by, e.target_topic, e.target_partition,
                   e.target_offset
            FROM jsonb_to_recordset(cast(cast(:entries as text) as jsonb))
                 AS e(dlq_partition integer, dlq_offset bigint, redriven_by text, target_topic text,
                      target_partition integer, target_offset bigint)
            """;

    /**
     * A re-drive to log.
     *
     * @param entry     the dead-letter entry
     * @param by        who asked for it
     * @param topic     where the record went
     * @param partition its partition there; null through the outbox
     * @param offset    its offset there; null through the outbox
     */
    public record Logged(DlqCoordinates entry, String by, String topic, Integer partition, Long offset) {
    }

    private RedriveLog() {
    }

    /** Waits for, and takes until the end of the transaction, the re-drive lock of {@code pipeline}. */
    public static Uni<Void> lock(Mutiny.Session session, String pipeline) {
        return session.createNativeQuery(LOCK, Object.class)
                .setParameter("pipeline", pipeline)
                .getSingleResult()
                .replaceWithVoid();
    }

    /** The re-drives of the given entries, oldest first per entry. */
    public static Uni<Map<DlqCoordinates, List<Redrive>>> of(Mutiny.Session session, String pipeline,
                                                             Collection<DlqCoordinates> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        entries.forEach(entry -> array.addObject().put("p", entry.partition()).put("o", entry.offset()));
        return session.createNativeQuery(OF_ENTRIES, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("entries", SqlJson.text(array))
                .getResultList()
                .map(RedriveLog::byEntry);
    }

    /** The re-drives of the pipeline's entries at or after the "re-drive all" cursors, oldest first per entry. */
    public static Uni<Map<DlqCoordinates, List<Redrive>>> afterCursors(Mutiny.Session session, String pipeline) {
        return session.createNativeQuery(AFTER_CURSORS, Object[].class)
                .setParameter("pipeline", pipeline)
                .getResultList()
                .map(RedriveLog::byEntry);
    }

    /** Where "re-drive all" starts in each partition of the dead-letter topic it has been through: the next offset. */
    public static Uni<Map<Integer, Long>> cursors(Mutiny.Session session, String pipeline) {
        return session.createNativeQuery(CURSORS, Object[].class)
                .setParameter("pipeline", pipeline)
                .getResultList()
                .map(rows -> {
                    Map<Integer, Long> cursors = new LinkedHashMap<>();
                    rows.forEach(row -> cursors.put((int) SqlJson.number(row[0]), SqlJson.number(row[1])));
                    return cursors;
                });
    }

    /** Moves the cursors forward (never back) to the given next offsets. */
    public static Uni<Void> saveCursors(Mutiny.Session session, String pipeline, Map<Integer, Long> cursors) {
        if (cursors.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        cursors.forEach((partition, next) -> array.addObject().put("p", partition).put("o", next));
        return session.createNativeQuery(SAVE_CURSORS)
                .setParameter("pipeline", pipeline)
                .setParameter("cursors", SqlJson.text(array))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Logs the re-drives in one statement. */
    public static Uni<Void> record(Mutiny.Session session, String pipeline, List<Logged> redrives) {
        if (redrives.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        for (Logged redrive : redrives) {
            array.addObject()
                    .put("dlq_partition", redrive.entry().partition())
                    .put("dlq_offset", redrive.entry().offset())
                    .put("redriven_by", redrive.by())
                    .put("target_topic", redrive.topic())
                    .put("target_partition", redrive.partition())
                    .put("target_offset", redrive.offset());
        }
        return session.createNativeQuery(INSERT)
                .setParameter("pipeline", pipeline)
                .setParameter("entries", SqlJson.text(array))
                .executeUpdate()
                .replaceWithVoid();
    }

    private static Map<DlqCoordinates, List<Redrive>> byEntry(List<Object[]> rows) {
        Map<DlqCoordinates, List<Redrive>> byEntry = new LinkedHashMap<>();
        for (Object[] row : rows) {
            DlqCoordinates entry = new DlqCoordinates((int) SqlJson.number(row[0]), SqlJson.number(row[1]));
            byEntry.computeIfAbsent(entry, e -> new ArrayList<>()).add(new Redrive(SqlJson.instant(row[2]),
                    (String) row[3], (String) row[4], row[5] == null ? null : (int) SqlJson.number(row[5]),
                    row[6] == null ? null : SqlJson.number(row[6])));
        }
        return byEntry;
    }
}
