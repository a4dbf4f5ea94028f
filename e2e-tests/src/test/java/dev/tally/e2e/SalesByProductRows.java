package dev.tally.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The rows of sales per product: computed by SQL over the source table, or read from the sink table. */
final class SalesByProductRows {

    /** One product's aggregates; decimals compared by value (2.5 equals 2.50). */
    record Row(long lines, long units, BigDecimal revenue, BigDecimal minPrice, BigDecimal maxPrice) {
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
    private static final String SINK = """
            SELECT product_id, lines, units, revenue, min_price, max_price FROM sales_by_product""";

    private SalesByProductRows() {
    }

    static Map<Long, Row> groundTruth(String sourceJdbcUrl) throws SQLException {
        return query(sourceJdbcUrl, GROUND_TRUTH);
    }

    static Map<Long, Row> sink(String sinkJdbcUrl) throws SQLException {
        return query(sinkJdbcUrl, SINK);
    }

    /** Up to {@code limit} products whose rows differ, for a readable failure. */
    static List<String> differences(Map<Long, Row> expected, Map<Long, Row> actual, int limit) {
        List<String> differences = new ArrayList<>();
        TreeMap<Long, Row> all = new TreeMap<>(expected);
        actual.forEach(all::putIfAbsent);
        for (Long product : all.keySet()) {
            if (!Objects.equals(expected.get(product), actual.get(product)) && differences.size() < limit) {
                differences.add("product " + product + ": expected " + expected.get(product) + ", sink has "
                        + actual.get(product));
            }
        }
        return differences;
    }

    private static Map<Long, Row> query(String jdbcUrl, String sql) throws SQLException {
        Map<Long, Row> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
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
