package dev.tally.publisher.sql;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that an existing table can serve as a sink table: every column there with a type that holds its values
 * exactly, no other column the sink would have to fill, and the unique key the upsert's ON CONFLICT needs.
 */
final class SinkTableCheck {

    private static final String COLUMNS = """
            SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
                   a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = '' AS required
            FROM pg_attribute a
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";

    private static final String UNIQUE_KEYS = """
            SELECT i.indnullsnotdistinct AS nulls_not_distinct,
                   array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) k
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k) AS columns
            FROM pg_index i
            WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indisvalid
              AND i.indpred IS NULL AND i.indexprs IS NULL""";

    private SinkTableCheck() {
    }

    /** What is wrong with the existing {@code table}, for people; empty when it fits. */
    static Uni<List<String>> problems(SqlClient client, SinkTable table) {
        Tuple name = Tuple.of(table.name().quoted());
        return client.preparedQuery(COLUMNS).execute(name).chain(columns -> {
            List<String> problems = new ArrayList<>();
            Map<String, Row> found = new HashMap<>();
            columns.forEach(row -> found.put(row.getString("name"), row));
            checkColumns(table, found, problems);
            return client.preparedQuery(UNIQUE_KEYS).execute(name).map(keys -> {
                checkUniqueKey(table, keys, problems);
                return problems;
            });
        });
    }

    private static void checkColumns(SinkTable table, Map<String, Row> found, List<String> problems) {
        Set<String> expected = new HashSet<>();
        for (SinkColumn column : table.columns()) {
            expected.add(column.name());
            Row row = found.get(column.name());
            String wanted = SqlTypes.columnType(column.type());
            if (row == null) {
                problems.add("column " + column.quoted() + " is missing (expected type " + wanted + ")");
            } else if (!SqlTypes.compatible(column.type()).contains(row.getString("type"))) {
                problems.add("column " + column.quoted() + " has type " + row.getString("type") + ", expected "
                        + wanted + " (holds " + column.type().yamlName() + " values exactly)");
            }
        }
        found.forEach((name, row) -> {
            if (!expected.contains(name) && row.getBoolean("required")) {
                problems.add("column " + SqlIdentifiers.quote(name) + " is NOT NULL without a default, and the sink "
                        + "does not write it");
            }
        });
    }

    private static void checkUniqueKey(SinkTable table, Iterable<Row> keys, List<String> problems) {
        Set<String> wanted = table.keyColumns().stream().map(SinkColumn::name).collect(Collectors.toSet());
        boolean nullsDistinct = false;
        for (Row key : keys) {
            Set<String> columns = new LinkedHashSet<>(List.of(key.getArrayOfStrings("columns")));
            if (columns.equals(wanted)) {
                if (key.getBoolean("nulls_not_distinct")) {
                    return;
                }
                nullsDistinct = true;
            }
        }
        problems.add(nullsDistinct
                ? "the unique key " + table.keyList() + " treats nulls as distinct, so a group with a null key value "
                        + "would get a new row on every update; recreate it with UNIQUE NULLS NOT DISTINCT"
                : "there is no unique key on exactly " + table.keyList() + ", which the upsert's ON CONFLICT needs; "
                        + "add UNIQUE NULLS NOT DISTINCT " + table.keyList());
    }
}
