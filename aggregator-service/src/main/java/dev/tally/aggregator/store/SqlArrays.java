package dev.tally.aggregator.store;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

/**
 * Runs many-row statements on the session's own connection, inside its transaction, with positional parameters
 * ({@code $1}, {@code $2}, …) bound as PostgreSQL arrays: {@code String[]} as {@code text[]}, {@code Long[]} as
 * {@code bigint[]}, {@code UUID[]} as {@code uuid[]}, which the statement unnests. A batch's rows then travel in the
 * client's binary array format: no JSON document to write, escape and parse again per batch ({@link SqlJson}),
 * which a profile of the aggregation row put at a tenth of the aggregator's CPU.
 */
final class SqlArrays {

    private SqlArrays() {
    }

    /** Runs an insert, update or delete; completes with the rows it touched. */
    static Uni<Integer> update(Mutiny.Session session, String sql, Object... parameters) {
        ReactiveConnection connection = connection(session);
        return Uni.createFrom().completionStage(() -> connection.update(sql, parameters));
    }

    /** Runs a query; completes with its rows, each as an array of column values. */
    static Uni<List<Object[]>> select(Mutiny.Session session, String sql, Object... parameters) {
        ReactiveConnection connection = connection(session);
        return Uni.createFrom().completionStage(() -> connection.select(sql, parameters)).map(result -> {
            List<Object[]> rows = new ArrayList<>(result.size());
            result.forEachRemaining(rows::add);
            return rows;
        });
    }

    private static ReactiveConnection connection(Mutiny.Session session) {
        // Mutiny.Session does not offer its connection; its one implementation does, publicly.
        return ((MutinySessionImpl) session).getReactiveConnection();
    }
}
