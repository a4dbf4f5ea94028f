package dev.tally.publisher.sql;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Creates a sink table when it is missing, then checks that the table (new or not) fits the sink; fails, naming every
 * mismatch, when it does not.
 */
final class SinkTableInstaller {

    private static final Logger LOG = Logger.getLogger(SinkTableInstaller.class);

    private final Pool pool;

    SinkTableInstaller(Pool pool) {
        this.pool = pool;
    }

    /**
     * Makes sure {@code table} exists and fits; {@code sink} names the sink in messages.
     *
     * @return a Uni that fails with an {@link IllegalStateException} listing what is wrong with an existing table
     */
    Uni<Void> install(SinkTable table, String sink) {
        return pool.withTransaction(connection -> createIfMissing(connection, table))
                .chain(() -> SinkTableCheck.problems(pool, table))
                .invoke(problems -> fail(table, sink, problems))
                .invoke(() -> LOG.infof("%s: table %s is ready", sink, table.name()))
                .replaceWithVoid();
    }

    private static Uni<Void> createIfMissing(SqlConnection connection, SinkTable table) {
        // "already exists, skipping" notices would be logged as warnings at every start.
        Uni<Void> created = connection.query("SET LOCAL client_min_messages = warning").execute()
                // Publishers starting together would race on CREATE TABLE IF NOT EXISTS (a duplicate-key error on
                // the catalog): one at a time per table.
                .chain(() -> connection.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                        .execute(Tuple.of(table.name().quoted())))
                .replaceWithVoid();
        if (table.name().schema().isPresent()) {
            String schema = SqlIdentifiers.quote(table.name().schema().get());
            created = created.chain(() -> connection.query("CREATE SCHEMA IF NOT EXISTS " + schema).execute())
                    .replaceWithVoid();
        }
        return created.chain(() -> connection.query(table.createStatement()).execute()).replaceWithVoid();
    }

    private static void fail(SinkTable table, String sink, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException(sink + " cannot write to table " + table.name() + " in the sink database: "
                    + String.join("; ", problems) + ". Change the table to match, or drop it and the publisher "
                    + "creates it at start (" + table.createStatement().replace('\n', ' ') + ")");
        }
    }
}
