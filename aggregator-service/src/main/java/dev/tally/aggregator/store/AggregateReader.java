package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.store.AggregateItem;
import dev.tally.aggregator.store.AggregateItem.WindowBounds;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads aggregates for the read API, each call in a session of its own. */
public final class AggregateReader {

    private static final String COLUMNS = "aggregate_id, cast(group_key as text), " + SqlJson.iso("window_start") + ", "
            + SqlJson.iso("window_end") + ", version, rows, cast(results as text), " + SqlJson.iso("updated_at") + ", closed";

    private final Mutiny.SessionFactory sessions;

    public AggregateReader(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * A page of a pipeline's aggregates in aggregate id order, and how many match in all.
     *
     * @param groupKey     only the aggregates of this group key (all its windows), or empty for all
     * @param includeEmpty whether emptied groups (rows = 0) are listed
     */
    public Uni<Page> page(String pipeline, Optional<JsonNode> groupKey, boolean includeEmpty, int page, int size) {
        String where = " FROM tally_aggregate WHERE pipeline = :pipeline"
                + (groupKey.isPresent() ? " AND group_key = cast(cast(:key as text) as jsonb)" : "")
                + (includeEmpty ? "" : " AND rows > 0");
        return sessions.withSession(session -> {
            String select = "SELECT " + COLUMNS + where + " ORDER BY aggregate_id LIMIT :limit OFFSET :offset";
            Mutiny.SelectionQuery<Object[]> items = session.createNativeQuery(select, Object[].class)
                    .setParameter("pipeline", pipeline)
                    .setParameter("limit", size)
                    .setParameter("offset", (long) page * size);
            Mutiny.SelectionQuery<Object> count = session.createNativeQuery("SELECT count(*)" + where, Object.class)
                    .setParameter("pipeline", pipeline);
            if (groupKey.isPresent()) {
                items.setParameter("key", SqlJson.text(groupKey.get()));
                count.setParameter("key", SqlJson.text(groupKey.get()));
            }
            return items.getResultList().chain(rows -> count.getSingleResult()
                    .map(total -> new Page(rows.stream().map(AggregateReader::item).toList(), SqlJson.number(total))));
        });
    }

    /** One aggregate by id, or null when there is none. */
    public Uni<AggregateItem> get(String pipeline, String aggregateId) {
        return sessions.withSession(session -> session.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM tally_aggregate WHERE pipeline = :pipeline AND aggregate_id = :id",
                        Object[].class)
                .setParameter("pipeline", pipeline)
                .setParameter("id", aggregateId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : item(rows.getFirst())));
    }

    private static AggregateItem item(Object[] row) {
        String id = (String) row[0];
        return new AggregateItem(id,
                SqlJson.parse(row[1], "group key of aggregate " + id),
                row[2] == null ? null : new WindowBounds(SqlJson.instant(row[2]), SqlJson.instant(row[3]), (Boolean) row[8]),
                SqlJson.number(row[4]),
                SqlJson.number(row[5]),
                SqlJson.parse(row[6], "results of aggregate " + id),
                SqlJson.instant(row[7]));
    }

    /**
     * A page of aggregates.
     *
     * @param items the aggregates
     * @param total how many match over all pages
     */
    public record Page(List<AggregateItem> items, long total) {
    }
}
