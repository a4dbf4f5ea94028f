package dev.tally.publisher;

import dev.tally.pipeline.event.AggregateUpdate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One sink's version ledger, rows of {@value #TABLE} in the sink database: per aggregate, the newest version the sink
 * began to write ({@code claimed}) and the newest it wrote ({@code delivered}). The ledger, not the sink object nor
 * the destination, is what keeps a sink from going back in time: it outlives a publisher's crash, is shared by every
 * instance, and remembers a deleted row's version.
 * <ul>
 * <li>An HTTP sink claims a round's versions before it sends them and marks each request's versions delivered once
 *     accepted. A version goes out only when nothing newer was claimed and it was not delivered yet: a replay after a
 *     crash sends the version whose delivery was cut short again, never one older than a version already sent, and a
 *     re-emitted version that was delivered is not sent twice.</li>
 * <li>A SQL sink that deletes emptied rows claims and marks delivered in the transaction of its writes. The ledger
 *     row's lock orders two instances writing the same aggregate, and a delete leaves its version behind, so an
 *     older version arriving afterwards cannot bring the row back.</li>
 * </ul>
 * Claims of one statement lock their rows in aggregate id order, as the sink table's writes do, so concurrent
 * writers do not deadlock.
 */
public final class SinkVersions {

    static final String TABLE = "tally_sink_version";

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS tally_sink_version (
                pipeline text NOT NULL,
                sink text NOT NULL,
                aggregate_id text NOT NULL,
                claimed bigint NOT NULL,
                delivered bigint,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (pipeline, sink, aggregate_id))""";

    /** Claims, and with {@code $5} true marks delivered at once; returns the aggregate ids it claimed. */
    private static final String CLAIM = """
            INSERT INTO tally_sink_version AS v (pipeline, sink, aggregate_id, claimed, delivered, updated_at)
            SELECT $1, $2, u.id, u.version, CASE WHEN cast($5 AS boolean) THEN u.version END, clock_timestamp()
            FROM unnest(cast($3 AS text[]), cast($4 AS bigint[])) AS u(id, version)
            ORDER BY u.id
            ON CONFLICT (pipeline, sink, aggregate_id) DO UPDATE
            SET claimed = EXCLUDED.claimed,
                delivered = CASE WHEN cast($5 AS boolean) THEN EXCLUDED.claimed ELSE v.delivered END,
                updated_at = EXCLUDED.updated_at
            WHERE v.claimed <= EXCLUDED.claimed AND (v.delivered IS NULL OR v.delivered < EXCLUDED.claimed)
            RETURNING v.aggregate_id""";

    private static final String DELIVERED = """
            UPDATE tally_sink_version AS v SET delivered = u.version, updated_at = clock_timestamp()
            FROM unnest(cast($3 AS text[]), cast($4 AS bigint[])) AS u(id, version)
            WHERE v.pipeline = $1 AND v.sink = $2 AND v.aggregate_id = u.id
              AND (v.delivered IS NULL OR v.delivered < u.version)""";

    private final String pipeline;
    private final String sink;

    public SinkVersions(String pipeline, String sink) {
        this.pipeline = pipeline;
        this.sink = sink;
    }

    /** Creates the ledger table when it is missing; publishers starting together take turns. */
    public static Uni<Void> install(Pool pool) {
        return pool.withTransaction(connection -> connection.query("SET LOCAL client_min_messages = warning").execute()
                .chain(() -> connection.query("SELECT pg_advisory_xact_lock(hashtext('" + TABLE + "'))").execute())
                .chain(() -> connection.query(CREATE).execute())
                .replaceWithVoid());
    }

    /** Claims the updates for a write that follows; completes with those it may send. */
    public Uni<List<AggregateUpdate>> claim(SqlClient client, List<AggregateUpdate> updates) {
        return claim(client, updates, false);
    }

    /** Claims the updates and marks them delivered, in the caller's transaction; completes with those it may write. */
    public Uni<List<AggregateUpdate>> claimWritten(SqlClient client, List<AggregateUpdate> updates) {
        return claim(client, updates, true);
    }

    /** Marks the updates delivered. */
    public Uni<Void> delivered(SqlClient client, List<AggregateUpdate> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(DELIVERED).execute(parameters(newestById(updates))).replaceWithVoid();
    }

    private Uni<List<AggregateUpdate>> claim(SqlClient client, List<AggregateUpdate> updates, boolean written) {
        if (updates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, AggregateUpdate> newest = newestById(updates);
        return client.preparedQuery(CLAIM).execute(parameters(newest).addBoolean(written)).map(rows -> {
            Set<String> claimed = new HashSet<>();
            for (Row row : rows) {
                claimed.add(row.getString(0));
            }
            List<AggregateUpdate> result = new ArrayList<>(claimed.size());
            for (AggregateUpdate update : updates) {
                if (claimed.contains(update.aggregateId()) && newest.get(update.aggregateId()) == update) {
                    result.add(update);
                }
            }
            return result;
        });
    }

    /** One update per aggregate id (a statement may touch a ledger row once), in id order. */
    private static Map<String, AggregateUpdate> newestById(List<AggregateUpdate> updates) {
        Map<String, AggregateUpdate> newest = new TreeMap<>();
        for (AggregateUpdate update : updates) {
            newest.merge(update.aggregateId(), update, (a, b) -> b.version() > a.version() ? b : a);
        }
        return newest;
    }

    private Tuple parameters(Map<String, AggregateUpdate> updates) {
        String[] ids = new String[updates.size()];
        Long[] versions = new Long[updates.size()];
        int i = 0;
        for (AggregateUpdate update : updates.values()) {
            ids[i] = update.aggregateId();
            versions[i++] = update.version();
        }
        return Tuple.of(pipeline, sink, ids, versions);
    }
}
