package dev.tally.aggregator.rebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes Debezium {@code execute-snapshot} signals into a PostgreSQL source's signal table: the connector
 * reads the row from the WAL and starts an incremental snapshot of the named tables, chunk by chunk,
 * interleaved with live changes.
 */
@Singleton
public class SourceSignals {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private final Vertx vertx;

    public SourceSignals(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Checks that the signal table can be reached and has Debezium's columns, writing nothing. */
    Uni<Void> probe(SourceConnector connector) {
        return withConnection(connector, connection -> connection
                .query("SELECT id, type, data FROM " + quoted(connector.signalTable()) + " WHERE false").execute()
                .replaceWithVoid());
    }

    /**
     * Asks for an incremental snapshot of the connector's tables, under {@code signalId}, unless that signal was
     * written already: writing it again after a restart asks for one snapshot all the same.
     */
    Uni<Void> requestSnapshot(SourceConnector connector, String signalId) {
        ObjectNode data = JSON.createObjectNode();
        connector.tables().forEach(data.putArray("data-collections")::add);
        data.put("type", "incremental");
        String table = quoted(connector.signalTable());
        return withConnection(connector, connection -> connection
                .preparedQuery("INSERT INTO " + table + " (id, type, data) SELECT $1, 'execute-snapshot', $2 "
                        + "WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE id = $1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(signalId, data.toString()))
                .replaceWithVoid());
    }

    private Uni<Void> withConnection(SourceConnector connector, Function<PgConnection, Uni<Void>> work) {
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(connector.signalUrl());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("tally.signal." + connector.name()
                    + ".url is not a PostgreSQL URI: " + e.getMessage(), e));
        }
        return PgConnection.connect(vertx, options)
                .chain(connection -> work.apply(connection).eventually(connection::close))
                .onFailure().transform(e -> new IllegalStateException("the signal table " + connector.signalTable()
                        + " of connector " + connector.name() + " cannot be written: " + e.getMessage(), e));
    }

    /** {@code schema.table} as quoted identifiers; anything else is refused rather than spliced into SQL. */
    static String quoted(String table) {
        String[] parts = table.split("\\.");
        if (parts.length < 1 || parts.length > 2 || !Arrays.stream(parts).allMatch(p -> IDENTIFIER.matcher(p).matches())) {
            throw new IllegalArgumentException("signal.data.collection '" + table + "' is not schema.table");
        }
        return Arrays.stream(parts).map(p -> '"' + p + '"').collect(Collectors.joining("."));
    }
}
