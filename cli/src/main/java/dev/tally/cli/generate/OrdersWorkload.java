package dev.tally.cli.generate;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Orders and order lines as a shop writes them: new orders with several lines in one transaction,
 * changes of quantity, price and product, deleted lines and whole orders deleted with their lines.
 * It continues from whatever the tables already hold.
 */
public final class OrdersWorkload implements Workload {

    private static final String[] STATUSES = {"open", "paid", "shipped", "cancelled"};

    private enum Step { NEW_ORDER, QUANTITY, PRICE, MOVE_PRODUCT, DELETE_LINE, REPRICE_ORDER, DELETE_ORDER, STATUS }

    private static final Step[] WEIGHTED = weighted(Map.of(
            Step.NEW_ORDER, 35, Step.QUANTITY, 20, Step.PRICE, 10, Step.MOVE_PRODUCT, 10,
            Step.DELETE_LINE, 10, Step.REPRICE_ORDER, 5, Step.DELETE_ORDER, 5, Step.STATUS, 5));

    private final Random random;
    private final int products;
    private final List<Long> lineIds = new ArrayList<>();
    private final Map<Long, List<Long>> linesByOrder = new HashMap<>();
    private final Map<Long, Long> orderOfLine = new HashMap<>();
    private final List<Long> orderIds = new ArrayList<>();
    private long nextOrderId;
    private long nextLineId;

    public OrdersWorkload(Connection connection, long seed, int products) throws SQLException {
        this.random = new Random(seed);
        this.products = products;
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT id FROM orders")) {
                while (rs.next()) {
                    orderIds.add(rs.getLong(1));
                    linesByOrder.put(rs.getLong(1), new ArrayList<>());
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT id, order_id FROM order_lines")) {
                while (rs.next()) {
                    lineIds.add(rs.getLong(1));
                    orderOfLine.put(rs.getLong(1), rs.getLong(2));
                    linesByOrder.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getLong(1));
                }
            }
        }
        connection.commit();
        nextOrderId = orderIds.stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        nextLineId = lineIds.stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    }

    @Override
    public int next(Connection connection) throws SQLException {
        Step step = lineIds.isEmpty() ? Step.NEW_ORDER : WEIGHTED[random.nextInt(WEIGHTED.length)];
        int changed = switch (step) {
            case NEW_ORDER -> newOrder(connection);
            case QUANTITY -> update(connection, "UPDATE order_lines SET quantity = ? WHERE id = ?",
                    1 + random.nextInt(10), randomLine());
            case PRICE -> update(connection, "UPDATE order_lines SET unit_price = ? WHERE id = ?", price(), randomLine());
            case MOVE_PRODUCT -> update(connection, "UPDATE order_lines SET product_id = ? WHERE id = ?",
                    (long) product(), randomLine());
            case DELETE_LINE -> deleteLine(connection);
            case REPRICE_ORDER -> update(connection, "UPDATE order_lines SET unit_price = unit_price + ? WHERE order_id = ?",
                    new BigDecimal("0.10"), orderOfLine.get(randomLine()));
            case DELETE_ORDER -> deleteOrder(connection);
            case STATUS -> update(connection, "UPDATE orders SET status = ? WHERE id = ?",
                    STATUSES[random.nextInt(STATUSES.length)], orderIds.get(random.nextInt(orderIds.size())));
        };
        connection.commit();
        return changed;
    }

    private int newOrder(Connection connection) throws SQLException {
        long orderId = nextOrderId++;
        try (PreparedStatement order = connection.prepareStatement(
                "INSERT INTO orders (id, customer_id, status) VALUES (?, ?, 'open')");
             PreparedStatement line = connection.prepareStatement(
                     "INSERT INTO order_lines (id, order_id, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)")) {
            order.setLong(1, orderId);
            order.setLong(2, 1 + random.nextInt(1_000));
            order.executeUpdate();
            int lines = 1 + random.nextInt(4);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                long lineId = nextLineId++;
                line.setLong(1, lineId);
                line.setLong(2, orderId);
                line.setLong(3, product());
                line.setInt(4, 1 + random.nextInt(10));
                line.setBigDecimal(5, price());
                line.addBatch();
                ids.add(lineId);
                orderOfLine.put(lineId, orderId);
            }
            line.executeBatch();
            orderIds.add(orderId);
            lineIds.addAll(ids);
            linesByOrder.put(orderId, ids);
            return 1 + lines;
        }
    }

    private int deleteLine(Connection connection) throws SQLException {
        int index = random.nextInt(lineIds.size());
        long lineId = lineIds.get(index);
        int changed = update(connection, "DELETE FROM order_lines WHERE id = ?", lineId);
        removeLine(index);
        linesByOrder.get(orderOfLine.remove(lineId)).remove(lineId);
        return changed;
    }

    private int deleteOrder(Connection connection) throws SQLException {
        long orderId = orderIds.get(random.nextInt(orderIds.size()));
        int changed = update(connection, "DELETE FROM order_lines WHERE order_id = ?", orderId)
                + update(connection, "DELETE FROM orders WHERE id = ?", orderId);
        List<Long> removed = linesByOrder.remove(orderId);
        removed.forEach(orderOfLine::remove);
        lineIds.removeAll(new java.util.HashSet<>(removed));
        orderIds.remove(Long.valueOf(orderId));
        return changed;
    }

    private void removeLine(int index) {
        int last = lineIds.size() - 1;
        lineIds.set(index, lineIds.get(last));
        lineIds.remove(last);
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private long randomLine() {
        return lineIds.get(random.nextInt(lineIds.size()));
    }


    private int product() {
        return 1 + random.nextInt(products);
    }

    private BigDecimal price() {
        return BigDecimal.valueOf(50 + random.nextInt(9_950), 2);
    }

    private static Step[] weighted(Map<Step, Integer> weights) {
        List<Step> steps = new ArrayList<>();
        for (Step step : Step.values()) {
            for (int i = 0; i < weights.get(step); i++) {
                steps.add(step);
            }
        }
        return steps.toArray(Step[]::new);
    }
}
