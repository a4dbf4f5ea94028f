package dev.tally.cli.verify;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The orders example's sales per product, from wherever they are: the ground truth computed by SQL
 * over the source table, a sink table, or the aggregator's store; and how two of them differ.
 */
public final class SalesByProduct {

    /** One product's aggregates; decimals compared by value (2.5 equals 2.50). */
    public record Row(long lines, long units, BigDecimal revenue, BigDecimal minPrice, BigDecimal maxPrice) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && lines == r.lines && units == r.units && same(revenue, r.revenue)
                    && same(minPrice, r.minPrice) && same(maxPrice, r.maxPrice);
        }

        @Override
        public int hashCode() {
            return Objects.hash(lines, units);
        }

        private static boolean same(BigDecimal a, BigDecimal b) {
            return a == null ? b == null : b != null && a.compareTo(b) == 0;
        }
    }

    private static final String GROUND_TRUTH = """
            SELECT product_id, count(*), sum(quantity), sum(quantity * unit_price), min(unit_price), max(unit_price)
            FROM order_lines GROUP BY product_id""";
    private static final String STORE = """
            SELECT (group_key->>'product_id')::bigint, (results->>'lines')::bigint, (results->>'units')::bigint,
                   (results->>'revenue')::numeric, (results->>'min_price')::numeric, (results->>'max_price')::numeric
            FROM tally_aggregate WHERE pipeline = 'sales-by-product' AND rows > 0""";

    private static final String SINK_TABLE = "SELECT product_id, lines, units, revenue, min_price, max_price FROM ";

    private SalesByProduct() {
    }

    /** GROUP BY over {@code order_lines} in the source database. */
    public static Map<Long, Row> groundTruth(String sourceJdbcUrl) throws SQLException {
        return query(sourceJdbcUrl, GROUND_TRUTH);
    }

    /** As {@link #groundTruth(String)}, with one order line left out. */
    public static Map<Long, Row> groundTruthWithout(String sourceJdbcUrl, long lineId) throws SQLException {
        return groundTruthWithout(sourceJdbcUrl, List.of(lineId));
    }

    /** As {@link #groundTruth(String)}, with the given order lines left out. */
    public static Map<Long, Row> groundTruthWithout(String sourceJdbcUrl, Collection<Long> lineIds) throws SQLException {
        if (lineIds.isEmpty()) {
            return groundTruth(sourceJdbcUrl);
        }
        String ids = lineIds.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return query(sourceJdbcUrl, GROUND_TRUTH.replace("FROM order_lines", "FROM order_lines WHERE id NOT IN (" + ids
                + ")"));
    }

    /** A sink table with the columns of the SQL sink ({@code sales_by_product} by default). */
    public static Map<Long, Row> sinkTable(String sinkJdbcUrl, String table) throws SQLException {
        return query(sinkJdbcUrl, SINK_TABLE + table);
    }

    /** The aggregator's store in the {@code tally} database. */
    public static Map<Long, Row> aggregateStore(String tallyJdbcUrl) throws SQLException {
        return query(tallyJdbcUrl, STORE);
    }

    /**
     * Waits, within {@code timeout}, for the SQL sink table {@code sales_by_product} to equal the
     * ground truth computed when called.
     *
     * @return up to ten differences left at the timeout; empty when they became equal
     */
    public static List<String> awaitSinkEqualsGroundTruth(String sourceJdbcUrl, String sinkJdbcUrl, Duration timeout)
            throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<Long, Row> expected = groundTruth(sourceJdbcUrl);
        // One connection for every look: a new one each time would cost the server a backend start per look.
        try (Connection sink = DriverManager.getConnection(sinkJdbcUrl)) {
            Map<Long, Row> actual = query(sink, SINK_TABLE + "sales_by_product");
            while (!expected.equals(actual) && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                actual = query(sink, SINK_TABLE + "sales_by_product");
            }
            return differences(expected, actual, 10);
        }
    }

    /** Up to {@code limit} products whose rows differ, for a readable failure. */
    public static List<String> differences(Map<Long, Row> expected, Map<Long, Row> actual, int limit) {
        List<String> differences = new ArrayList<>();
        TreeMap<Long, Row> all = new TreeMap<>(expected);
        actual.forEach(all::putIfAbsent);
        for (Long product : all.keySet()) {
            if (!Objects.equals(expected.get(product), actual.get(product)) && differences.size() < limit) {
                differences.add("product " + product + ": expected " + expected.get(product) + ", found "
                        + actual.get(product));
            }
        }
        return differences;
    }

    private static Map<Long, Row> query(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            return query(connection, sql);
        }
    }

    private static Map<Long, Row> query(Connection connection, String sql) throws SQLException {
        Map<Long, Row> rows = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), new Row(rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        rs.getBigDecimal(6)));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return rows; // the sink table is created by the publisher at start; absent means empty
            }
            throw e;
        }
        return rows;
    }
}
