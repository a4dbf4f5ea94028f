package dev.tally.aggregator;

import dev.tally.aggregator.OrderLines.Line;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The order lines a test has written, kept in a PostgreSQL table of their own, and the windowed results SQL
 * computes from them: {@code date_bin} for tumbling windows, each row joined to every hopping window it falls in
 * ({@code generate_series} over the advance) for hopping ones.
 */
final class GroundTruth {

    // date_bin's origin is the epoch: Tally's windows are aligned to it.
    private static final String TUMBLING = """
            SELECT product_id, ws, ws + cast(? as interval),
                   count(*), sum(quantity), sum(quantity * unit_price), min(unit_price), max(unit_price)
            FROM (SELECT *, date_bin(cast(? as interval), created_at, timestamptz '1970-01-01 00:00:00+00') AS ws
                  FROM %s) binned
            GROUP BY product_id, ws
            """;

    // The windows of a row start at every multiple of the advance in (created_at - size, created_at].
    private static final String HOPPING = """
            SELECT product_id, w.start, w.start + cast(? as interval),
                   count(*), sum(quantity), sum(quantity * unit_price), min(unit_price), max(unit_price)
            FROM %s t
            CROSS JOIN LATERAL generate_series(
                date_bin(cast(? as interval), t.created_at, timestamptz '1970-01-01 00:00:00+00')
                    - cast(? as interval) + cast(? as interval),
                date_bin(cast(? as interval), t.created_at, timestamptz '1970-01-01 00:00:00+00'),
                cast(? as interval)) AS w(start)
            GROUP BY product_id, w.start
            """;

    private final String jdbcUrl;
    private final String table;

    GroundTruth(String jdbcUrl, String table) {
        this.jdbcUrl = jdbcUrl;
        this.table = table;
        execute("DROP TABLE IF EXISTS " + table);
        execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, product_id bigint NOT NULL, quantity bigint NOT NULL, "
                + "unit_price numeric(12,2) NOT NULL, created_at timestamptz NOT NULL)");
    }

    void insert(Line line) {
        execute("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?)", line.id(), line.product(), line.quantity(),
                new BigDecimal(line.price()), Timestamp.from(line.createdAt()));
    }

    void update(Line line) {
        execute("UPDATE " + table + " SET product_id = ?, quantity = ?, unit_price = ?, created_at = ? WHERE id = ?",
                line.product(), line.quantity(), new BigDecimal(line.price()), Timestamp.from(line.createdAt()), line.id());
    }

    void delete(Line line) {
        execute("DELETE FROM " + table + " WHERE id = ?", line.id());
    }

    /** Per product and tumbling window of {@code size} (an SQL interval, e.g. {@code 1 minute}), sorted. */
    List<WindowResult> tumbling(String size) {
        return query(TUMBLING.formatted(table), size, size);
    }

    /** Per product and hopping window of {@code size} starting every {@code advance}, sorted. */
    List<WindowResult> hopping(String size, String advance) {
        return query(HOPPING.formatted(table), size, advance, size, advance, advance, advance);
    }

    private List<WindowResult> query(String sql, Object... parameters) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement s = prepare(c, sql, parameters);
             ResultSet rs = s.executeQuery()) {
            List<WindowResult> results = new ArrayList<>();
            while (rs.next()) {
                results.add(new WindowResult(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        rs.getLong(4), rs.getLong(5), WindowStore.decimal(rs.getBigDecimal(6)),
                        WindowStore.decimal(rs.getBigDecimal(7)), WindowStore.decimal(rs.getBigDecimal(8))));
            }
            return results.stream().sorted().toList();
        } catch (SQLException e) {
            throw new IllegalStateException("ground truth query failed: " + e.getMessage(), e);
        }
    }

    private void execute(String sql, Object... parameters) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement s = prepare(c, sql, parameters)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }
}
