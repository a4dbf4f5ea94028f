package dev.tally.localstack.connect;

import dev.tally.pipeline.connect.KafkaConnectorResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** What Kafka Connect's REST API takes for a KafkaConnector resource. */
public final class ConnectConfig {

    private ConnectConfig() {
    }

    /** The resource's config with its placeholders filled, plus {@code connector.class} and {@code tasks.max}. */
    public static Map<String, String> of(KafkaConnectorResource resource, ConfigPlaceholders placeholders) {
        Map<String, String> filled = new LinkedHashMap<>();
        filled.put("connector.class", resource.connectorClass());
        filled.put("tasks.max", String.valueOf(resource.tasksMax()));
        resource.config().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> filled.put(
                entry.getKey(), placeholders.fill(entry.getValue(), resource.file() + ", spec.config." + entry.getKey())));
        return filled;
    }
}
