package dev.tally.pipeline.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.event.EpochUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectorResourcesTest {

    @Test
    void namesTheTopicOfEachCapturedTableFromTheRepositoryResource() {
        KafkaConnectorResource orders = new KafkaConnectorResources(Path.of("../strimzi")).read("orders-source");

        assertThat(orders.name()).isEqualTo("orders-source");
        assertThat(orders.connectorClass()).isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
        assertThat(orders.tasksMax()).isEqualTo(1);
        assertThat(orders.topicFor("public.order_lines")).isEqualTo("tally.src.orders.public.order_lines");
    }

    @Test
    void knowsTheUnitOfTimestampNumbersOnlyWhenThePrecisionModeFixesOne() {
        KafkaConnectorResource adaptive = connector(Map.of());
        KafkaConnectorResource connect = connector(Map.of("time.precision.mode", "connect"));

        assertThat(adaptive.timestampUnit()).as("the default, adaptive: by each column's precision").isEmpty();
        assertThat(connector(Map.of("time.precision.mode", "adaptive_time_microseconds")).timestampUnit()).isEmpty();
        assertThat(connect.timestampUnit()).contains(EpochUnit.MILLISECONDS);
    }

    @Test
    void rejectsAResourceOfAnotherKind(@TempDir Path strimzi) throws IOException {
        write(strimzi, "connect", """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaConnect
                metadata:
                  name: connect
                """);

        assertThatThrownBy(() -> new KafkaConnectorResources(strimzi).read("connect"))
                .hasMessageContaining("kind must be 'KafkaConnector', found 'KafkaConnect'");
    }

    @Test
    void aMissingResourceNamesItsPath(@TempDir Path strimzi) {
        assertThatThrownBy(() -> new KafkaConnectorResources(strimzi).read("nope"))
                .hasMessageContaining("There is no connector resource 'nope'")
                .hasMessageContaining(strimzi.resolve("connectors/nope.yaml").toString());
    }

    @Test
    void aConnectorWithoutTopicPrefixCannotNameTopics(@TempDir Path strimzi) throws IOException {
        write(strimzi, "bare", """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaConnector
                metadata:
                  name: bare
                spec:
                  class: io.debezium.connector.postgresql.PostgresConnector
                  tasksMax: 1
                  config:
                    plugin.name: pgoutput
                """);

        assertThatThrownBy(() -> new KafkaConnectorResources(strimzi).read("bare").topicFor("public.t"))
                .hasMessageContaining("has no topic.prefix");
    }

    private static void write(Path strimzi, String name, String yaml) throws IOException {
        Path file = strimzi.resolve("connectors").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    private static KafkaConnectorResource connector(Map<String, String> config) {
        return new KafkaConnectorResource(Path.of("c.yaml"), "c", KafkaConnectorResource.POSTGRES_CONNECTOR, 1, config);
    }
}
