package dev.tally.ingest;

import dev.tally.localstack.LocalStackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The orders example's tables in the stack's {@code source} database, captured by the {@code orders-source} connector. */
final class OrdersSourceDatabase {

    private static final Path SCHEMA = Path.of("../examples/orders/schema.sql");
    /** The stack (by PID) whose tables exist and whose connector runs; one per Quarkus application under test. */
    private static long preparedStack = -1;

    private OrdersSourceDatabase() {
    }

    /** Creates the schema and registers the connector, once per stack. */
    static synchronized void prepare(LocalStackProcess stack) throws IOException, SQLException {
        if (preparedStack == stack.pid()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(stack.endpoints().jdbcUrl("source"));
             Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(SCHEMA));
        }
        stack.registerConnector("orders-source");
        preparedStack = stack.pid();
    }

    /** Runs SQL statements in the source database, each committed on its own. */
    static void execute(LocalStackProcess stack, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.endpoints().jdbcUrl("source"));
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
