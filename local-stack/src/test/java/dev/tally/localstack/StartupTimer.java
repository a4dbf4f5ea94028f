package dev.tally.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * Measures one cold start: from the start of this JVM until the orders-source Debezium connector is RUNNING, then the
 * stop. Not a test; run it in a fresh JVM per measurement, from the repository root:
 *
 * <pre>
 * CP=local-stack/target/test-classes:local-stack/target/classes:$(cat local-stack/target/classes/META-INF/tally/local-stack.classpath)
 * for i in 1 2 3 4 5; do java -cp "$CP" dev.tally.localstack.StartupTimer; done
 * </pre>
 */
public final class StartupTimer {

    private StartupTimer() {
    }

    public static void main(String[] args) throws Exception {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
        long stackUp;
        long connectorRunning;
        long stopped;
        try (RunningStack stack = LocalStack.builder().start()) {
            stackUp = millisSince(jvmStart);
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl("source"));
                 Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text NOT NULL,
                            created_at timestamptz NOT NULL DEFAULT now());
                        CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint NOT NULL, product_id bigint NOT NULL,
                            quantity int NOT NULL, unit_price numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
                        ALTER TABLE orders REPLICA IDENTITY FULL;
                        ALTER TABLE order_lines REPLICA IDENTITY FULL;
                        CREATE TABLE tally_signal (id varchar(42) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048));
                        """);
            }
            stack.registerConnector("orders-source");
            connectorRunning = millisSince(jvmStart);
        }
        stopped = millisSince(jvmStart);
        System.out.printf("stack up %d ms, orders-source RUNNING %d ms, stopped %d ms after the JVM started%n",
                stackUp, connectorRunning, stopped);
    }

    private static long millisSince(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }
}
