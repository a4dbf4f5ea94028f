package dev.tally.localstack.connect;

import java.util.LinkedHashMap;
import java.util.Map;

/** The properties of the local Kafka Connect worker (distributed mode, one worker). */
public final class WorkerProperties {

    public static final String GROUP_ID = "tally-connect";

    private WorkerProperties() {
    }

    /** @param offsetFlushMillis how often source connectors' offsets are flushed */
    public static Map<String, String> of(String bootstrapServers, int restPort, long offsetFlushMillis) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", GROUP_ID);
        props.put("config.storage.topic", GROUP_ID + "-configs");
        props.put("offset.storage.topic", GROUP_ID + "-offsets");
        props.put("status.storage.topic", GROUP_ID + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "1");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("key.converter.schemas.enable", "false");
        props.put("value.converter.schemas.enable", "false");
        props.put("listeners", "http://127.0.0.1:" + restPort);
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("rest.advertised.port", String.valueOf(restPort));
        // Connectors tune their own producers (linger, batch size, ...).
        props.put("connector.client.config.override.policy", "All");
        props.put("offset.flush.interval.ms", String.valueOf(offsetFlushMillis));
        // Plugins come from this JVM's classpath and all have ServiceLoader manifests: skip the slow reflective scan.
        props.put("plugin.discovery", "service_load");
        // With one worker, a restarted worker must get the dead worker's connectors at once, not after 5 minutes.
        props.put("scheduled.rebalance.max.delay.ms", "0");
        // A restarted worker waits for the dead one's session to expire before it can join the group.
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "2000");
        return props;
    }
}
