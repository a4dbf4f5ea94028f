package dev.tally.publisher.sql;

import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.model.ValueType;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The statements that write aggregate versions to a sink table, and their parameters. Both are guarded by the
 * version, so that an older version never overwrites or deletes a newer one and replays are harmless.
 */
final class SinkStatements {

    private final SinkTable table;
    private final String upsert;
    /** Delete statements by which key values are null: {@code = $n} cannot match a null, and is what an index serves. */
    private final Map<Long, String> deletes = new ConcurrentHashMap<>();

    SinkStatements(SinkTable table) {
        this.table = table;
        this.upsert = upsertStatement(table);
    }

    /**
     * {@code INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE target.version < EXCLUDED.version}: a row counts 1 when
     * written and 0 when the table already holds this or a newer version.
     */
    String upsert() {
        return upsert;
    }

    Tuple upsertValues(AggregateUpdate update) {
        Tuple values = Tuple.tuple();
        keyValues(update).forEach(values::addValue);
        for (SinkColumn column : table.aggregates()) {
            values.addValue(SqlTypes.bind(update.aggregates().get(column.name()), column.type()));
        }
        values.addValue(update.version());
        return values;
    }

    /** Which of the update's key values are null, as a bit mask; updates with equal masks share a delete statement. */
    long nullMask(AggregateUpdate update) {
        List<Object> key = keyValues(update);
        long mask = 0;
        for (int i = 0; i < key.size(); i++) {
            if (key.get(i) == null) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** {@code DELETE ... WHERE key AND version < $v} for the updates with this null mask. */
    String delete(long nullMask) {
        return deletes.computeIfAbsent(nullMask, this::deleteStatement);
    }

    Tuple deleteValues(AggregateUpdate update) {
        Tuple values = Tuple.tuple();
        for (Object value : keyValues(update)) {
            if (value != null) {
                values.addValue(value);
            }
        }
        values.addValue(update.version());
        return values;
    }

    /** The values of the key columns, bound for the client: group key values, then window start and end. */
    private List<Object> keyValues(AggregateUpdate update) {
        List<Object> values = new ArrayList<>(table.keyColumns().size());
        List<Object> key = update.key().values();
        for (int i = 0; i < key.size(); i++) {
            values.add(SqlTypes.bind(key.get(i), table.keyColumns().get(i).type()));
        }
        if (table.windowed()) {
            values.add(SqlTypes.bind(update.window().start(), ValueType.TIMESTAMP));
            values.add(SqlTypes.bind(update.window().end(), ValueType.TIMESTAMP));
        }
        return values;
    }

    private static String upsertStatement(SinkTable table) {
        List<SinkColumn> written = new ArrayList<>(table.keyColumns());
        written.addAll(table.aggregates());
        written.add(SinkTable.VERSION);
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.name().quoted()).append(" AS target (");
        sql.append(written.stream().map(SinkColumn::quoted).collect(Collectors.joining(", ")));
        sql.append(", ").append(SinkTable.UPDATED_AT.quoted()).append(") VALUES (");
        for (int i = 1; i <= written.size(); i++) {
            sql.append('$').append(i).append(", ");
        }
        // The time of the write, not of the transaction's start: what readers of the sink table want to see.
        sql.append("clock_timestamp())");
        sql.append(" ON CONFLICT ").append(table.keyList()).append(" DO UPDATE SET ");
        List<SinkColumn> updated = new ArrayList<>(table.aggregates());
        updated.add(SinkTable.VERSION);
        updated.add(SinkTable.UPDATED_AT);
        sql.append(updated.stream().map(c -> c.quoted() + " = EXCLUDED." + c.quoted()).collect(Collectors.joining(", ")));
        sql.append(" WHERE target.").append(SinkTable.VERSION.quoted()).append(" < EXCLUDED.")
                .append(SinkTable.VERSION.quoted());
        return sql.toString();
    }

    private String deleteStatement(long nullMask) {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.name().quoted()).append(" WHERE ");
        int parameter = 1;
        for (int i = 0; i < table.keyColumns().size(); i++) {
            SinkColumn column = table.keyColumns().get(i);
            sql.append(column.quoted());
            if ((nullMask & (1L << i)) != 0) {
                sql.append(" IS NULL AND ");
            } else {
                sql.append(" = $").append(parameter++).append(" AND ");
            }
        }
        sql.append(SinkTable.VERSION.quoted()).append(" < $").append(parameter);
        return sql.toString();
    }
}
