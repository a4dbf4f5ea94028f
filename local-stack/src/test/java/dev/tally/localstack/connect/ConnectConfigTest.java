package dev.tally.localstack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.StrimziDirectory;
import dev.tally.pipeline.connect.KafkaConnectorResource;
import dev.tally.pipeline.connect.KafkaConnectorResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectConfigTest {

    private static final StackEndpoints ENDPOINTS =
            new StackEndpoints("127.0.0.1:9092", "http://127.0.0.1:8083", 5432, 1, 2, 3, 4);

    private final KafkaConnectorResources repositoryResources = new KafkaConnectorResources(StrimziDirectory.locate());

    @Test
    void ordersSourcePointsAtTheLocalSourceDatabase() {
        KafkaConnectorResource resource = repositoryResources.read("orders-source");
        Map<String, String> config = ConnectConfig.of(resource, ConfigPlaceholders.forStack(ENDPOINTS));

        assertThat(resource.name()).isEqualTo("orders-source");
        assertThat(config)
                .containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("tasks.max", "1")
                .containsEntry("database.hostname", "127.0.0.1")
                .containsEntry("database.port", "5432")
                .containsEntry("database.user", "postgres")
                .containsEntry("database.password", "postgres")
                .containsEntry("database.dbname", "source")
                .containsEntry("topic.prefix", "tally.src.orders")
                .containsEntry("table.include.list", "public.orders,public.order_lines")
                .containsEntry("signal.data.collection", "public.tally_signal")
                .containsEntry("decimal.handling.mode", "string")
                .containsEntry("tombstones.on.delete", "false")
                .containsEntry("producer.override.linger.ms", "5");
    }

    @Test
    void tallyOutboxKeepsTheRoutersPipelinePlaceholder() {
        Map<String, String> config = ConnectConfig.of(repositoryResources.read("tally-outbox"), ConfigPlaceholders.forStack(ENDPOINTS));

        assertThat(config)
                .containsEntry("database.dbname", "tally")
                .containsEntry("transforms.outbox.type", "dev.tally.connect.OutboxMessageRouter")
                .containsEntry("transforms.outbox.topic.format", "tally.{pipeline}.aggregates")
                .containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    }

    @Test
    void anUnknownPlaceholderNamesTheFileAndKey(@TempDir Path strimzi) throws IOException {
        Path file = write(strimzi, "broken", """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaConnector
                metadata:
                  name: broken
                spec:
                  class: io.debezium.connector.postgresql.PostgresConnector
                  tasksMax: 1
                  config:
                    database.hostname: ${secrets:tally/missing-db:host}
                """);
        KafkaConnectorResource resource = new KafkaConnectorResources(strimzi).read("broken");

        assertThatThrownBy(() -> ConnectConfig.of(resource, ConfigPlaceholders.forStack(ENDPOINTS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("spec.config.database.hostname")
                .hasMessageContaining("${secrets:tally/missing-db:host}");
    }



    private static Path write(Path strimzi, String name, String yaml) throws IOException {
        Path file = strimzi.resolve("connectors").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }
}
