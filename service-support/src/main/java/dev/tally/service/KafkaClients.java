package dev.tally.service;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka client settings shared by every consumer, producer and admin client of a service: the connection settings
 * of the {@code kafka.*} configuration (bootstrap servers, and security such as {@code kafka.security.protocol} or
 * {@code KAFKA_SASL_JAAS_CONFIG}), under the settings Tally's guarantees depend on.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> connection;

    /**
     * @param kafkaConfig every {@code kafka.*} key without its prefix, as Quarkus collects it (environment variables
     *                    such as {@code KAFKA_SSL_TRUSTSTORE_LOCATION} included)
     */
    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Object servers = kafkaConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || servers.toString().isBlank()) {
            throw new IllegalStateException("kafka.bootstrap.servers is not set: set it (or KAFKA_BOOTSTRAP_SERVERS) to"
                    + " the Kafka cluster's bootstrap address, e.g. 127.0.0.1:9092");
        }
        this.connection = Map.copyOf(kafkaConfig);
    }

    public String bootstrapServers() {
        return connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    /** Offsets are committed by the loop, after a batch's effects are durable. */
    public Map<String, Object> consumer(String groupId, int maxPollRecords) {
        Map<String, Object> props = connectionSettings(ConsumerConfig.configNames());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /**
     * A consumer outside any group, for reading chosen offsets with assign and seek (the dead-letter API): it commits
     * nothing and never joins a group, so it cannot disturb a stage's consumers.
     */
    public Map<String, Object> reader(String clientId, int maxPollRecords) {
        Map<String, Object> props = consumer(null, maxPollRecords);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** Idempotent, acks from all replicas: a retried send never duplicates or reorders a partition. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> props = connectionSettings(ProducerConfig.configNames());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * A producer whose sends and the offsets of what they came from commit together in Kafka transactions
     * (exactly-once from topic to topic). {@code transactionalId} must stay the same across restarts of the same
     * instance, so that a restarted one aborts what its predecessor left open, and differ between instances. An open
     * transaction of an instance that died and did not come back is aborted after {@code transaction.timeout.ms}
     * (10 s); read_committed consumers of its partitions wait that long.
     */
    public Map<String, Object> transactionalProducer(String transactionalId) {
        Map<String, Object> props = producer(transactionalId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        return props;
    }

    public Map<String, Object> admin() {
        return connectionSettings(AdminClientConfig.configNames());
    }

    /** Only keys the client knows: unrelated {@code KAFKA_*} variables (KAFKA_HOME, ...) would only make it warn. */
    private Map<String, Object> connectionSettings(Set<String> known) {
        Map<String, Object> props = new HashMap<>();
        connection.forEach((key, value) -> {
            if (known.contains(key)) {
                props.put(key, value);
            }
        });
        return props;
    }
}
