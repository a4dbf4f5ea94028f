package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tally.pipeline.window.Window;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Finds the windowed aggregate rows of {@code tally_aggregate} to close, and deletes expired ones, by the
 * watermark of the partition they live on, inside the batch transaction.
 */
public final class WindowRows {

    // Locked in id order, like every other lock on aggregate rows.
    private static final String CLOSING = """
            SELECT a.aggregate_id, cast(a.group_key as text), %s, %s, a.version, a.rows, cast(a.results as text),
                   a.state, a.partition
            FROM tally_aggregate a
            JOIN jsonb_to_recordset(cast(cast(:watermarks as text) as jsonb)) AS w(partition int, watermark timestamptz)
              ON a.partition = w.partition
            WHERE a.pipeline = :pipeline AND a.window_end <= w.watermark AND NOT a.closed
            ORDER BY a.aggregate_id
            FOR UPDATE OF a
            """.formatted(SqlJson.iso("a.window_start"), SqlJson.iso("a.window_end"));

    // Only closed rows: a window's WindowClosed is written before its row may go. Its min and max values go with it.
    private static final String EXPIRE = """
            WITH expired AS (
                DELETE FROM tally_aggregate a
                USING (SELECT t.aggregate_id
                       FROM tally_aggregate t
                       JOIN jsonb_to_recordset(cast(cast(:horizons as text) as jsonb)) AS h(partition int, horizon timestamptz)
                         ON t.partition = h.partition
                       WHERE t.pipeline = :pipeline AND t.closed AND t.window_end <= h.horizon
                       ORDER BY t.aggregate_id
                       LIMIT :limit) d
                WHERE a.pipeline = :pipeline AND a.aggregate_id = d.aggregate_id
                RETURNING a.aggregate_id
            ), values_gone AS (
                DELETE FROM tally_aggregate_value_log v USING expired e
                WHERE v.pipeline = :pipeline AND v.aggregate_id = e.aggregate_id
            )
            SELECT aggregate_id FROM expired
            """;

    /**
     * An open window whose end its partition's watermark has reached, as stored.
     *
     * @param aggregateId the aggregate id
     * @param groupKey    the group key object
     * @param window      the window
     * @param version     its last version
     * @param rows        source rows contributing
     * @param results     the final results by name
     * @param state       its accumulator state
     * @param partition   the partition of the changes topic it lives on
     */
    public record ClosingWindow(String aggregateId, JsonNode groupKey, Window window, long version, long rows,
                                JsonNode results, JsonNode state, int partition) {
    }

    private WindowRows() {
    }

    /** Locks and loads every open window whose end the watermark of its partition has reached. */
    public static Uni<List<ClosingWindow>> closing(Mutiny.Session session, String pipeline,
                                                   Map<Integer, Instant> watermarks) {
        if (watermarks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        watermarks.forEach((partition, watermark) -> array.addObject().put("partition", partition)
                .put("watermark", watermark.toString()));
        return session.createNativeQuery(CLOSING, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("watermarks", SqlJson.text(array))
                .getResultList()
                .map(rows -> rows.stream().map(WindowRows::closing).toList());
    }

    private static ClosingWindow closing(Object[] row) {
        String id = (String) row[0];
        return new ClosingWindow(id, SqlJson.parse(row[1], "group key of aggregate " + id),
                new Window(SqlJson.instant(row[2]), SqlJson.instant(row[3])), SqlJson.number(row[4]),
                SqlJson.number(row[5]), SqlJson.parse(row[6], "results of aggregate " + id),
                SqlJson.parse(row[7], "state of aggregate " + id), ((Number) row[8]).intValue());
    }

    /**
     * Deletes up to {@code limit} closed windows whose end lies {@code retention} or more before the watermark
     * of their partition.
     *
     * @return the ids of the deleted aggregates
     */
    public static Uni<List<String>> expire(Mutiny.Session session, String pipeline, Map<Integer, Instant> watermarks,
                                           Duration retention, int limit) {
        if (watermarks.isEmpty() || limit <= 0) {
            return Uni.createFrom().item(List.of());
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        watermarks.forEach((partition, watermark) -> array.addObject().put("partition", partition)
                .put("horizon", watermark.minus(retention).toString()));
        return session.createNativeQuery(EXPIRE, String.class)
                .setParameter("pipeline", pipeline)
                .setParameter("horizons", SqlJson.text(array))
                .setParameter("limit", limit)
                .getResultList();
    }
}
