package dev.tally.cli.generate;

import java.sql.Connection;
import java.sql.SQLException;

/** The workload of each example that has one. */
public final class Workloads {

    private Workloads() {
    }

    public static Workload forExample(String example, Connection connection, long seed, int keys) throws SQLException {
        return switch (example) {
            case "orders" -> new OrdersWorkload(connection, seed, keys);
            default -> throw new IllegalArgumentException("example '" + example + "' has no data generator");
        };
    }
}
