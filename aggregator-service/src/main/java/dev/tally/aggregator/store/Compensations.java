package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.aggregator.store.CompensationRecord;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** The compensation records ({@code tally_compensation}): the audit trail, and what makes a repeated id a no-op. */
public final class Compensations {

    private static final String COLUMNS = "id, kind, principal, reason, " + SqlJson.iso("created_at")
            + ", cast(request as text), aggregate_id, version, cast(results_before as text), cast(results_after as text)";

    // Held to the end of the transaction: a second request with the same id waits, then finds the first one's record.
    private static final String LOCK_ID = "SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(cast(:key as text), 0))";

    private static final String INSERT = """
            INSERT INTO tally_compensation (pipeline, id, kind, principal, reason, request, aggregate_id, version,
                                            results_before, results_after, created_at)
            SELECT :pipeline, c.id, c.kind, c.principal, c.reason, c.request, c.aggregate_id, c.version,
                   c.results_before, c.results_after, c.created_at
            FROM jsonb_to_record(cast(cast(:record as text) as jsonb))
                 AS c(id text, kind text, principal text, reason text, request jsonb, aggregate_id text,
                      version bigint, results_before jsonb, results_after jsonb, created_at timestamptz)
            """;

    private Compensations() {
    }

    /** Serializes compensations with the same id in one pipeline until this transaction ends. */
    public static Uni<Void> lockId(Mutiny.Session session, String pipeline, String id) {
        return session.createNativeQuery(LOCK_ID, Object.class)
                .setParameter("key", pipeline + "\n" + id)
                .getResultList()
                .replaceWithVoid();
    }

    /**
     * The compensation with this id, if there is one, and whether it was asked for with {@code request}: compared as
     * jsonb, so key order, spacing and number spelling do not matter.
     */
    public static Uni<Optional<Found>> find(Mutiny.Session session, String pipeline, String id, JsonNode request) {
        return session.createNativeQuery("SELECT " + COLUMNS + ", request = cast(cast(:request as text) as jsonb)"
                        + " FROM tally_compensation WHERE pipeline = :pipeline AND id = :id", Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("id", id)
                .setParameter("request", SqlJson.text(request))
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(row -> new Found(record(row), (Boolean) row[10])));
    }

    /**
     * A compensation found by id.
     *
     * @param record      the compensation
     * @param sameRequest whether it was asked for with the same request body
     */
    public record Found(CompensationRecord record, boolean sameRequest) {
    }

    public static Uni<Void> insert(Mutiny.Session session, String pipeline, CompensationRecord record) {
        ObjectNode row = SqlJson.JSON.createObjectNode();
        row.put("id", record.id());
        row.put("kind", record.kind());
        row.put("principal", record.principal());
        row.put("reason", record.reason());
        row.set("request", record.request());
        row.put("aggregate_id", record.effect().aggregateId());
        row.put("version", record.effect().version());
        row.set("results_before", record.effect().before());
        row.set("results_after", record.effect().after());
        row.put("created_at", record.createdAt().toString());
        return session.createNativeQuery(INSERT)
                .setParameter("pipeline", pipeline)
                .setParameter("record", SqlJson.text(row))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** A page of a pipeline's compensations, newest first, and how many there are in all. */
    public static Uni<Page> page(Mutiny.Session session, String pipeline, int page, int size) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM tally_compensation WHERE pipeline = :pipeline"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset", Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("limit", size)
                .setParameter("offset", (long) page * size)
                .getResultList()
                .chain(rows -> session.createNativeQuery(
                                "SELECT count(*) FROM tally_compensation WHERE pipeline = :pipeline", Object.class)
                        .setParameter("pipeline", pipeline)
                        .getSingleResult()
                        .map(total -> new Page(rows.stream().map(Compensations::record).toList(), SqlJson.number(total))));
    }

    private static CompensationRecord record(Object[] row) {
        String id = (String) row[0];
        return new CompensationRecord(id, (String) row[1], (String) row[2], (String) row[3], SqlJson.instant(row[4]),
                SqlJson.parse(row[5], "request of compensation " + id),
                new CompensationRecord.Effect((String) row[6], SqlJson.number(row[7]),
                        SqlJson.parse(row[8], "results before compensation " + id),
                        SqlJson.parse(row[9], "results after compensation " + id)));
    }

    /**
     * A page of compensations.
     *
     * @param items the compensations
     * @param total how many the pipeline has over all pages
     */
    public record Page(List<CompensationRecord> items, long total) {
    }
}
