package dev.tally.pipeline.connect;

import java.nio.file.Path;
import java.util.Map;

/**
 * A Strimzi {@code KafkaConnector} as read from its file: name, connector class, tasks and config with its
 * placeholders still unfilled.
 */
public record KafkaConnectorResource(Path file, String name, String connectorClass, int tasksMax, Map<String, String> config) {

    /** The class of Debezium's PostgreSQL connector. */
    public static final String POSTGRES_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";

    public KafkaConnectorResource {
        config = Map.copyOf(config);
    }

    /** The connector's {@code topic.prefix}: Debezium names each table's topic {@code <prefix>.<schema>.<table>}. */
    public String topicPrefix() {
        String prefix = config.get("topic.prefix");
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException(file + ": spec.config has no topic.prefix, so its topics cannot be named");
        }
        return prefix;
    }

    /** The topic Debezium writes the changes of {@code table} ({@code schema.table}) to. */
    public String topicFor(String table) {
        return topicPrefix() + "." + table;
    }

    /** Whether this is Debezium's PostgreSQL connector. */
    public boolean isPostgres() {
        return POSTGRES_CONNECTOR.equals(connectorClass);
    }
}
