package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tally.pipeline.aggregate.ValueCount;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The values mins and maxes hold ({@code tally_aggregate_value}), a row per value with its multiplicity: a batch
 * writes only those whose multiplicity changed, in one statement, and a state is loaded with its values only when
 * the caller does not hold it already.
 */
public final class AggregateValues {

    /** A value's new multiplicity in one aggregate; 0 deletes it. */
    public record Change(String aggregateId, ValueCount value) {
    }

    // One statement: deletes what fell to 0, upserts the rest. A value is either gone or held, never both, so the two
    // parts never touch the same row.
    private static final String WRITE = """
            WITH v AS (
                SELECT * FROM jsonb_to_recordset(cast(cast(:values as text) as jsonb))
                         AS v(aggregate_id text, slot text, value text, count bigint)
            ), gone AS (
                DELETE FROM tally_aggregate_value t
                USING v
                WHERE v.count = 0 AND t.pipeline = :pipeline AND t.aggregate_id = v.aggregate_id
                  AND t.slot = v.slot AND t.value = v.value
            )
            INSERT INTO tally_aggregate_value (pipeline, aggregate_id, slot, value, count)
            SELECT :pipeline, v.aggregate_id, v.slot, v.value, v.count FROM v WHERE v.count > 0
            ON CONFLICT (pipeline, aggregate_id, slot, value) DO UPDATE SET count = excluded.count
            """;

    private static final String LOAD = """
            SELECT aggregate_id, slot, value, count
            FROM tally_aggregate_value
            WHERE pipeline = :pipeline
              AND aggregate_id IN (SELECT jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)))
            """;

    private static final String LOAD_ALL = """
            SELECT aggregate_id, slot, value, count FROM tally_aggregate_value WHERE pipeline = :pipeline
            """;

    private AggregateValues() {
    }

    /** Writes the changed multiplicities; call after the aggregates' rows are written. */
    public static Uni<Void> write(Mutiny.Session session, String pipeline, List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode array = SqlJson.JSON.createArrayNode();
        for (Change change : changes) {
            array.addObject().put("aggregate_id", change.aggregateId()).put("slot", change.value().slot())
                    .put("value", change.value().value()).put("count", change.value().count());
        }
        return session.createNativeQuery(WRITE)
                .setParameter("pipeline", pipeline)
                .setParameter("values", SqlJson.text(array))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The values of these aggregates, by aggregate id; an aggregate without any is left out. */
    public static Uni<Map<String, List<ValueCount>>> load(Mutiny.Session session, String pipeline,
                                                          Collection<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        ArrayNode ids = SqlJson.JSON.createArrayNode();
        aggregateIds.forEach(ids::add);
        return session.createNativeQuery(LOAD, Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("ids", SqlJson.text(ids))
                .getResultList()
                .map(AggregateValues::byAggregate);
    }

    /** Every value of the pipeline's aggregates, by aggregate id. */
    public static Uni<Map<String, List<ValueCount>>> loadAll(Mutiny.Session session, String pipeline) {
        return session.createNativeQuery(LOAD_ALL, Object[].class)
                .setParameter("pipeline", pipeline)
                .getResultList()
                .map(AggregateValues::byAggregate);
    }

    private static Map<String, List<ValueCount>> byAggregate(List<Object[]> rows) {
        Map<String, List<ValueCount>> byAggregate = new HashMap<>();
        for (Object[] row : rows) {
            byAggregate.computeIfAbsent((String) row[0], id -> new ArrayList<>())
                    .add(new ValueCount((String) row[1], (String) row[2], SqlJson.number(row[3])));
        }
        return byAggregate;
    }
}
