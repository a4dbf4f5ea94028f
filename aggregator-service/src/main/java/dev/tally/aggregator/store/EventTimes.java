package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The largest event time applied per partition of a windowed pipeline's changes topic
 * ({@code tally_event_time}), read and written inside the batch transaction.
 */
public final class EventTimes {

    // Locked so that two consumers of one partition (a rebalance in flight) take turns on its clock.
    private static final String LOCK = """
            SELECT e.partition, %s
            FROM tally_event_time e
            WHERE e.pipeline = :pipeline
              AND e.partition IN (SELECT cast(jsonb_array_elements_text(cast(cast(:partitions as text) as jsonb)) as int))
            ORDER BY e.partition
            FOR UPDATE
            """.formatted(SqlJson.iso("e.max_event_time"));

    private static final String SAVE = """
            INSERT INTO tally_event_time (pipeline, partition, max_event_time, updated_at)
            SELECT :pipeline, e.partition, e.max_event_time, cast(cast(:updatedAt as text) as timestamptz)
            FROM jsonb_to_recordset(cast(cast(:times as text) as jsonb)) AS e(partition int, max_event_time timestamptz)
            ON CONFLICT (pipeline, partition) DO UPDATE
            SET max_event_time = greatest(tally_event_time.max_event_time, excluded.max_event_time),
                updated_at = excluded.updated_at
            """;

    private EventTimes() {
    }

    /** Locks and loads the largest event time of each of {@code partitions} that has one. */
    public static Uni<Map<Integer, Instant>> lock(Mutiny.Session session, String pipeline, Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        partitions.forEach(array::add);
        return session.createNativeQuery(LOCK, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("partitions", SqlJson.text(array))
                .getResultList()
                .map(EventTimes::byPartition);
    }

    private static Map<Integer, Instant> byPartition(List<Object[]> rows) {
        Map<Integer, Instant> times = HashMap.newHashMap(rows.size());
        for (Object[] row : rows) {
            times.put(((Number) row[0]).intValue(), SqlJson.instant(row[1]));
        }
        return times;
    }

    /** Stores the largest event times; a stored time never goes back. */
    public static Uni<Void> save(Mutiny.Session session, String pipeline, Map<Integer, Instant> times, Instant updatedAt) {
        if (times.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        times.forEach((partition, time) -> array.addObject().put("partition", partition)
                .put("max_event_time", time.toString()));
        return session.createNativeQuery(SAVE)
                .setParameter("pipeline", pipeline)
                .setParameter("times", SqlJson.text(array))
                .setParameter("updatedAt", updatedAt.toString())
                .executeUpdate()
                .replaceWithVoid();
    }
}
