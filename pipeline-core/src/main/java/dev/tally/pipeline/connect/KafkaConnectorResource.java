package dev.tally.pipeline.connect;

import dev.tally.pipeline.event.EpochUnit;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The unit Debezium writes every timestamp column in when the record has no schema, if one unit is known: with
     * {@code time.precision.mode: connect}, epoch milliseconds. Under its default modes the unit follows each
     * column's precision (a PostgreSQL {@code timestamp(3)} in milliseconds, a {@code timestamp} in microseconds),
     * which only the schema tells.
     */
    public Optional<EpochUnit> timestampUnit() {
        return "connect".equals(config.get("time.precision.mode")) ? Optional.of(EpochUnit.MILLISECONDS)
                : Optional.empty();
    }

    /** Whether this is Debezium's PostgreSQL connector. */
    public boolean isPostgres() {
        return POSTGRES_CONNECTOR.equals(connectorClass);
    }
}
