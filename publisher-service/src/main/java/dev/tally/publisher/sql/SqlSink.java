package dev.tally.publisher.sql;

import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.model.SqlSinkDefinition;
import dev.tally.pipeline.model.SqlSinkDefinition.OnEmpty;
import dev.tally.publisher.Sink;
import dev.tally.publisher.SinkMetrics;
import dev.tally.publisher.SinkVersions;
import dev.tally.publisher.WriteResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.DatabaseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps a table of the sink database equal to a pipeline's aggregates: each batch is one transaction of batched,
 * version-guarded upserts, and deletes for emptied groups when the sink says {@code onEmpty: delete}. A deleted row
 * keeps no version, so a sink that deletes claims every write in its {@link SinkVersions} ledger first, in the same
 * transaction: an older version that arrives after the delete is refused there.
 */
final class SqlSink implements Sink {

    private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(1);

    private final String pipeline;
    private final SqlSinkDefinition definition;
    private final SinkTable table;
    private final SinkStatements statements;
    private final Pool pool;
    private final SinkMetrics metrics;
    /** Present when the sink deletes emptied rows. */
    private final Optional<SinkVersions> versions;

    SqlSink(String pipeline, SqlSinkDefinition definition, SinkTable table, Pool pool, SinkMetrics metrics) {
        this.pipeline = pipeline;
        this.definition = definition;
        this.table = table;
        this.statements = new SinkStatements(table);
        this.pool = pool;
        this.metrics = metrics;
        this.versions = definition.onEmpty() == OnEmpty.DELETE
                ? Optional.of(new SinkVersions(pipeline, definition.name())) : Optional.empty();
    }

    @Override
    public String pipeline() {
        return pipeline;
    }

    @Override
    public String name() {
        return definition.name();
    }

    @Override
    public void prepare() {
        new SinkTableInstaller(pool).install(table, describe()).await().atMost(PREPARE_TIMEOUT);
        if (versions.isPresent()) {
            SinkVersions.install(pool).await().atMost(PREPARE_TIMEOUT);
        }
    }

    /**
     * Writes the batch in one transaction. When PostgreSQL refuses a row's values (a data exception or a constraint:
     * the same on every try), the batch is written again one update per transaction, and the updates it refuses go
     * to the dead-letter topic with the database's reason; any other failure fails the batch, to be retried.
     */
    @Override
    public Uni<WriteResult> write(List<AggregateUpdate> updates) {
        return inOneTransaction(updates)
                .onFailure(e -> refusesRowValues(e) && updates.size() > 1).recoverWithUni(e -> oneByOne(updates))
                .onFailure(SqlSink::refusesRowValues).recoverWithItem(e -> refused(updates.getFirst(), e))
                .onFailure().transform(e -> new IllegalStateException(describe() + ": writing " + updates.size()
                        + " aggregate versions to table " + table.name() + " failed: " + e.getMessage(), e));
    }

    private Uni<WriteResult> oneByOne(List<AggregateUpdate> updates) {
        return Multi.createFrom().iterable(updates)
                .onItem().transformToUniAndConcatenate(update -> inOneTransaction(List.of(update))
                        .onFailure(SqlSink::refusesRowValues).recoverWithItem(e -> refused(update, e)))
                .collect().asList()
                .map(results -> new WriteResult(
                        results.stream().flatMap(r -> r.written().stream()).toList(),
                        results.stream().flatMap(r -> r.undelivered().stream()).toList()));
    }

    private Uni<WriteResult> inOneTransaction(List<AggregateUpdate> updates) {
        List<AggregateUpdate> upserts = new ArrayList<>();
        Map<Long, List<AggregateUpdate>> deletes = new LinkedHashMap<>();
        List<AggregateUpdate> upserted = new ArrayList<>();
        List<AggregateUpdate> deleted = new ArrayList<>();
        return pool.withTransaction(connection -> claimed(connection, updates).chain(claimed -> {
                    for (AggregateUpdate update : claimed) {
                        if (update.isEmpty() && definition.onEmpty() == OnEmpty.DELETE) {
                            deletes.computeIfAbsent(statements.nullMask(update), mask -> new ArrayList<>()).add(update);
                        } else {
                            upserts.add(update);
                        }
                    }
                    Uni<Void> steps = run(connection, statements.upsert(), upserts, statements::upsertValues, upserted);
                    for (Map.Entry<Long, List<AggregateUpdate>> group : deletes.entrySet()) {
                        steps = steps.chain(() -> run(connection, statements.delete(group.getKey()), group.getValue(),
                                statements::deleteValues, deleted));
                    }
                    return steps;
                }))
                .map(done -> {
                    metrics.upserted(upserted.size());
                    int claimed = upserts.size() + deletes.values().stream().mapToInt(List::size).sum();
                    metrics.stale(updates.size() - claimed + upserts.size() - upserted.size());
                    metrics.deleted(deleted.size());
                    List<AggregateUpdate> written = new ArrayList<>(upserted);
                    written.addAll(deleted);
                    return WriteResult.written(written);
                });
    }

    /** The updates the ledger lets this transaction write, or all of them for a sink that never deletes. */
    private Uni<List<AggregateUpdate>> claimed(SqlConnection connection, List<AggregateUpdate> updates) {
        return versions.map(ledger -> ledger.claimWritten(connection, updates))
                .orElseGet(() -> Uni.createFrom().item(updates));
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): the row, not the moment. */
    static boolean refusesRowValues(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof DatabaseException database && database.getSqlState() != null
                    && (database.getSqlState().startsWith("22") || database.getSqlState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private WriteResult refused(AggregateUpdate update, Throwable failure) {
        return new WriteResult(List.of(), List.of(new WriteResult.Undelivered(update, describe() + ": table "
                + table.name() + " refused the row: " + failure.getMessage() + " (not retried)")));
    }

    /**
     * Runs one statement for a batch of updates, and collects into {@code changed} the updates whose row it changed:
     * the client returns one result per parameter set, in order.
     */
    private static Uni<Void> run(SqlConnection connection, String sql, List<AggregateUpdate> updates,
                                 Function<AggregateUpdate, Tuple> parameters, List<AggregateUpdate> changed) {
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(sql).executeBatch(updates.stream().map(parameters).toList())
                .invoke(first -> {
                    RowSet<Row> result = first;
                    for (AggregateUpdate update : updates) {
                        if (result.rowCount() > 0) {
                            changed.add(update);
                        }
                        result = result.next();
                    }
                })
                .replaceWithVoid();
    }

    private String describe() {
        return "SQL sink '" + definition.name() + "' of pipeline '" + pipeline + "'";
    }
}
