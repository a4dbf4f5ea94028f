package dev.tally.bench;

import dev.tally.cli.verify.SalesByProduct;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Both orders pipelines' ground truth, computed by SQL over {@code order_lines} when created, and
 * how the sink tables {@code sales_by_product} and {@code sales_per_minute} differ from it.
 */
final class OrdersGroundTruth {

    private static final String PER_MINUTE_TRUTH = """
            SELECT product_id, date_bin('1 minute', created_at, timestamptz 'epoch'), count(*), sum(quantity),
                   sum(quantity * unit_price), min(unit_price), max(unit_price)
            FROM order_lines GROUP BY 1, 2""";
    private static final String PER_MINUTE_SINK = """
            SELECT product_id, window_start, lines, units, revenue, min_price, max_price
            FROM sales_per_minute WHERE lines > 0""";

    private final Map<Long, SalesByProduct.Row> byProduct;
    private final Map<String, SalesByProduct.Row> perMinute;

    private OrdersGroundTruth(Map<Long, SalesByProduct.Row> byProduct, Map<String, SalesByProduct.Row> perMinute) {
        this.byProduct = byProduct;
        this.perMinute = perMinute;
    }

    static OrdersGroundTruth of(String sourceJdbcUrl) throws SQLException {
        return new OrdersGroundTruth(SalesByProduct.groundTruth(sourceJdbcUrl), perMinute(sourceJdbcUrl, PER_MINUTE_TRUTH));
    }

    /** Up to five differences in each sink table; empty when both equal the ground truth. */
    List<String> differences(String sinkJdbcUrl) throws SQLException {
        List<String> differences = new ArrayList<>();
        SalesByProduct.differences(byProduct, SalesByProduct.sinkTable(sinkJdbcUrl, "sales_by_product"), 5)
                .forEach(d -> differences.add("sales_by_product " + d));
        Map<String, SalesByProduct.Row> sink = perMinute(sinkJdbcUrl, PER_MINUTE_SINK);
        TreeMap<String, SalesByProduct.Row> all = new TreeMap<>(perMinute);
        sink.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            if (differences.size() < 10 && !java.util.Objects.equals(perMinute.get(key), sink.get(key))) {
                differences.add("sales_per_minute " + key + ": expected " + perMinute.get(key) + ", found "
                        + sink.get(key));
            }
        }
        return differences;
    }

    /** Rows keyed by {@code product@minute}; an absent table (the publisher creates it) reads as empty. */
    private static Map<String, SalesByProduct.Row> perMinute(String jdbcUrl, String sql) throws SQLException {
        Map<String, SalesByProduct.Row> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getLong(1) + "@" + rs.getTimestamp(2).toInstant(), new SalesByProduct.Row(rs.getLong(3),
                        rs.getLong(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7)));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return rows;
            }
            throw e;
        }
        return rows;
    }
}
