package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.dedupe.LogMark;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Where the aggregator is in each partition of a pipeline's changes topic ({@code tally_input_position}): the next
 * offset to read, and the log marks of the sources whose changes it applied there. Written in the batch transaction,
 * with what the batch applied.
 */
public final class InputPositions {

    /**
     * One partition's position.
     *
     * @param nextOffset the offset of the first record not applied yet
     * @param marks      the log mark of each source partition (see {@code LogMarks.key})
     */
    public record InputPosition(long nextOffset, Map<String, LogMark> marks) {

        static final InputPosition START = new InputPosition(0, Map.of());
    }

    private static final String PARTITIONS = """
            SELECT cast(jsonb_array_elements_text(cast(cast(:partitions as text) as jsonb)) as int)
            """;

    // Locked in partition order: a batch that reads a partition waits for any other holding it (a rebalance in
    // flight), then sees what that one committed.
    private static final String LOCK = """
            SELECT partition, next_offset, cast(marks as text) FROM tally_input_position
            WHERE pipeline = :pipeline AND partition IN (%s)
            ORDER BY partition
            FOR UPDATE
            """.formatted(PARTITIONS);

    private static final String READ = """
            SELECT partition, next_offset FROM tally_input_position
            WHERE pipeline = :pipeline AND partition IN (%s)
            """.formatted(PARTITIONS);

    // A partition read for the first time gets its row first, so that the lock has a row to wait on.
    private static final String CREATE = """
            INSERT INTO tally_input_position (pipeline, partition, next_offset, marks)
            SELECT :pipeline, p, 0, '{}' FROM (%s) AS n(p)
            ON CONFLICT DO NOTHING
            """.formatted(PARTITIONS);

    private static final String SAVE = """
            UPDATE tally_input_position t SET next_offset = p.next_offset, marks = t.marks || p.marks
            FROM jsonb_to_recordset(cast(cast(:positions as text) as jsonb))
                 AS p(partition int, next_offset bigint, marks jsonb)
            WHERE t.pipeline = :pipeline AND t.partition = p.partition
            """;

    private InputPositions() {
    }

    /** Locks and loads the positions of {@code partitions} for this transaction; a new partition starts at 0. */
    public static Uni<Map<Integer, InputPosition>> lock(Mutiny.Session session, String pipeline,
                                                       Collection<Integer> partitions) {
        return select(session, LOCK, pipeline, partitions).chain(found -> {
            if (found.size() == partitions.size()) {
                return Uni.createFrom().item(found);
            }
            return session.createNativeQuery(CREATE).setParameter("pipeline", pipeline)
                    .setParameter("partitions", list(partitions)).executeUpdate()
                    .chain(() -> select(session, LOCK, pipeline, partitions));
        });
    }

    /** The next offset of each of {@code partitions} that has one, without locking: where a consumer starts. */
    public static Uni<Map<Integer, Long>> nextOffsets(Mutiny.Session session, String pipeline,
                                                      Collection<Integer> partitions) {
        return session.createNativeQuery(READ, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("partitions", list(partitions))
                .getResultList()
                .map(rows -> {
                    Map<Integer, Long> offsets = new HashMap<>();
                    rows.forEach(row -> offsets.put(((Number) row[0]).intValue(), SqlJson.number(row[1])));
                    return offsets;
                });
    }

    /** Stores each partition's next offset, and the marks that moved (the others stay as they are). */
    public static Uni<Void> save(Mutiny.Session session, String pipeline, Map<Integer, InputPosition> positions) {
        if (positions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        positions.forEach((partition, position) -> {
            ObjectNode marks = SqlJson.JSON.createObjectNode();
            position.marks().forEach((key, mark) -> marks.putArray(key).add(mark.position()).add(mark.part()));
            array.addObject().put("partition", partition).put("next_offset", position.nextOffset()).set("marks", marks);
        });
        return session.createNativeQuery(SAVE)
                .setParameter("pipeline", pipeline)
                .setParameter("positions", SqlJson.text(array))
                .executeUpdate()
                .replaceWithVoid();
    }

    private static Uni<Map<Integer, InputPosition>> select(Mutiny.Session session, String sql, String pipeline,
                                                          Collection<Integer> partitions) {
        return session.createNativeQuery(sql, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("partitions", list(partitions))
                .getResultList()
                .map(InputPositions::positions);
    }

    private static Map<Integer, InputPosition> positions(List<Object[]> rows) {
        Map<Integer, InputPosition> positions = new TreeMap<>();
        for (Object[] row : rows) {
            int partition = ((Number) row[0]).intValue();
            JsonNode stored = SqlJson.parse(row[2], "log marks of partition " + partition);
            Map<String, LogMark> marks = new HashMap<>();
            stored.properties().forEach(e -> marks.put(e.getKey(),
                    new LogMark(e.getValue().get(0).asText(), e.getValue().get(1).asInt())));
            positions.put(partition, new InputPosition(SqlJson.number(row[1]), marks));
        }
        return positions;
    }

    private static String list(Collection<Integer> partitions) {
        ArrayNode array = SqlJson.JSON.createArrayNode();
        partitions.forEach(array::add);
        return SqlJson.text(array);
    }
}
