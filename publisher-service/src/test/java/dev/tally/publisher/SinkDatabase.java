package dev.tally.publisher;

import dev.tally.localstack.StackEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The local stack's sink database, read over plain JDBC: what a consumer of the sink tables sees. */
public final class SinkDatabase {

    private final String url;

    public SinkDatabase(StackEndpoints endpoints) {
        this.url = endpoints.jdbcUrl("sink");
    }

    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), value(result, c, meta.getColumnTypeName(c)));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + url + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Timestamps as Instant and dates as LocalDate, the types Tally's values have; the rest as the driver reads them. */
    private static Object value(ResultSet result, int column, String type) throws SQLException {
        return switch (type) {
            case "timestamptz" -> {
                OffsetDateTime time = result.getObject(column, OffsetDateTime.class);
                yield time == null ? null : time.toInstant();
            }
            case "date" -> result.getObject(column, LocalDate.class);
            default -> result.getObject(column);
        };
    }

    /** The only row {@code sql} returns, or empty; fails on more than one. */
    public Optional<Map<String, Object>> single(String sql, Object... parameters) {
        List<Map<String, Object>> rows = query(sql, parameters);
        if (rows.size() > 1) {
            throw new AssertionError("expected at most one row from " + sql + ", got " + rows);
        }
        return rows.stream().findFirst();
    }

    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed on " + url + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Column name to {@code format_type} of a table ({@code schema.table} or {@code table}), in column order. */
    public Map<String, String> columnTypes(String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : query("""
                SELECT attname::text AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null
                FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped
                ORDER BY attnum""", table)) {
            types.put((String) row.get("name"), row.get("type") + ((Boolean) row.get("not_null") ? " not null" : ""));
        }
        return types;
    }

    /** The unique indexes of a table: their columns, in index order, and whether nulls are not distinct. */
    public List<String> uniqueKeys(String table) {
        return query("""
                SELECT array_to_string(array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
                                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n
                                             ORDER BY k.o), ', ')
                       || CASE WHEN i.indnullsnotdistinct THEN ' nulls not distinct' ELSE '' END AS key
                FROM pg_index i WHERE i.indrelid = to_regclass(?) AND i.indisunique""", table)
                .stream().map(row -> (String) row.get("key")).toList();
    }
}
