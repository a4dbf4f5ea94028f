package dev.tally.localstack.connect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Strimzi {@code KafkaConnector} as read from its file: name, connector class, tasks and config with its
 * placeholders still unfilled.
 */
public record ConnectorResource(Path file, String name, String connectorClass, int tasksMax, Map<String, String> config) {

    public ConnectorResource {
        config = Map.copyOf(config);
    }

    /** The config to send to Kafka Connect: placeholders filled, plus {@code connector.class} and {@code tasks.max}. */
    public Map<String, String> connectConfig(ConfigPlaceholders placeholders) {
        Map<String, String> filled = new LinkedHashMap<>();
        filled.put("connector.class", connectorClass);
        filled.put("tasks.max", String.valueOf(tasksMax));
        config.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                filled.put(entry.getKey(), placeholders.fill(entry.getValue(), file + ", spec.config." + entry.getKey())));
        return filled;
    }
}
