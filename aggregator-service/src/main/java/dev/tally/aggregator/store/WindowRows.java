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
 * Closes and expires the windowed aggregate rows of {@code tally_aggregate} by the watermark of the
 * partition they live on, inside the batch transaction.
 */
public final class WindowRows {

    private static final String CLOSE = """
            UPDATE tally_aggregate a
            SET closed = true, version = a.version + 1, updated_at = cast(cast(:updatedAt as text) as timestamptz)
            FROM jsonb_to_recordset(cast(cast(:watermarks as text) as jsonb)) AS w(partition int, watermark timestamptz)
            WHERE a.pipeline = :pipeline AND a.partition = w.partition AND a.window_end <= w.watermark AND NOT a.closed
            RETURNING a.aggregate_id, cast(a.group_key as text), %s, %s, a.version, a.rows, cast(a.results as text)
            """.formatted(SqlJson.iso("a.window_start"), SqlJson.iso("a.window_end"));

    // Only closed rows: a window's WindowClosed is written before its row may go.
    private static final String EXPIRE = """
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
            """;

    /**
     * A window row just closed, at its new version.
     *
     * @param aggregateId the aggregate id
     * @param groupKey    the group key object
     * @param window      the window
     * @param version     the version of the close (one more than the last change's)
     * @param rows        source rows contributing
     * @param results     the final results by name
     */
    public record ClosedWindow(String aggregateId, JsonNode groupKey, Window window, long version, long rows,
                               JsonNode results) {
    }

    private WindowRows() {
    }

    /**
     * Marks closed every open window whose end the watermark of its partition has reached, one version
     * up, and returns them.
     */
    public static Uni<List<ClosedWindow>> close(Mutiny.Session session, String pipeline,
                                                Map<Integer, Instant> watermarks, Instant updatedAt) {
        if (watermarks.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        watermarks.forEach((partition, watermark) -> array.addObject().put("partition", partition)
                .put("watermark", watermark.toString()));
        return session.createNativeQuery(CLOSE, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("watermarks", SqlJson.text(array))
                .setParameter("updatedAt", updatedAt.toString())
                .getResultList()
                .map(rows -> rows.stream().map(WindowRows::closed).toList());
    }

    private static ClosedWindow closed(Object[] row) {
        String id = (String) row[0];
        return new ClosedWindow(id, SqlJson.parse(row[1], "group key of aggregate " + id),
                new Window(SqlJson.instant(row[2]), SqlJson.instant(row[3])), SqlJson.number(row[4]),
                SqlJson.number(row[5]), SqlJson.parse(row[6], "results of aggregate " + id));
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
