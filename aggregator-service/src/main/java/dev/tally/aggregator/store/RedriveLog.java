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

/** The log of re-drives of dead-letter entries ({@code tally_redrive}). */
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

    private static final String OF_PIPELINE = "SELECT " + COLUMNS
            + " FROM tally_redrive r WHERE r.pipeline = :pipeline ORDER BY r.id";

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

    /** Every re-drive of the pipeline's entries, oldest first per entry. */
    public static Uni<Map<DlqCoordinates, List<Redrive>>> all(Mutiny.Session session, String pipeline) {
        return session.createNativeQuery(OF_PIPELINE, Object[].class)
                .setParameter("pipeline", pipeline)
                .getResultList()
                .map(RedriveLog::byEntry);
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
