package dev.tally.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static final Map<String, Object> SCRAM_OVER_TLS = Map.of(
            "bootstrap.servers", "tally-kafka-bootstrap:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.type", "PEM",
            "ssl.truststore.location", "/etc/tally/kafka-ca/ca.crt");

    @Test
    void everyClientConnectsWithTheConfiguredSecuritySettings() {
        KafkaClients clients = new KafkaClients(SCRAM_OVER_TLS);

        assertThat(clients.consumer("tally.p.ingest", 10)).containsAllEntriesOf(SCRAM_OVER_TLS);
        assertThat(clients.producer("tally-ingest")).containsAllEntriesOf(SCRAM_OVER_TLS);
        assertThat(clients.admin()).containsAllEntriesOf(SCRAM_OVER_TLS);
        assertThat(clients.bootstrapServers()).isEqualTo("tally-kafka-bootstrap:9093");
    }

    @Test
    void theSettingsTallysGuaranteesNeedCannotBeOverridden() {
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:9092",
                "enable.auto.commit", "true", "acks", "1", "enable.idempotence", "false", "group.id", "other"));

        assertThat(clients.consumer("tally.p.aggregator", 10))
                .containsEntry("enable.auto.commit", false)
                .containsEntry("group.id", "tally.p.aggregator")
                .containsEntry("isolation.level", "read_committed");
        assertThat(clients.producer("tally-dead-letters"))
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true);
    }

    @Test
    void keysNoKafkaClientKnowsAreLeftOut() {
        KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:9092", "home", "/opt/kafka",
                "pid", "4711"));

        assertThat(clients.consumer("g", 1)).doesNotContainKeys("home", "pid");
        assertThat(clients.producer("c")).doesNotContainKeys("home", "pid");
        assertThat(clients.admin()).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void aMissingBootstrapAddressIsRefusedWithTheKeyToSet() {
        assertThatThrownBy(() -> new KafkaClients(Map.of("security.protocol", "SSL")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka.bootstrap.servers")
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void aReaderJoinsNoGroupAndCommitsNothing() {
        KafkaClients clients = new KafkaClients(SCRAM_OVER_TLS);

        assertThat(clients.reader("tally-dlq-reader", 100))
                .containsAllEntriesOf(SCRAM_OVER_TLS)
                .doesNotContainKey("group.id")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("client.id", "tally-dlq-reader")
                .containsEntry("max.poll.records", 100);
    }
}
