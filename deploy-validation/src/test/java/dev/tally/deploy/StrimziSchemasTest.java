package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.connect.KafkaConnectorResource;
import dev.tally.pipeline.connect.KafkaConnectorResources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class StrimziSchemasTest {

    @Test
    void everyStrimziFileMeetsItsCrdSchema() {
        List<Manifest> strimzi = DeploymentFiles.strimziFiles().stream().filter(Manifest::isStrimzi).toList();

        assertThat(strimzi).extracting(Manifest::kind).contains("Kafka", "KafkaNodePool", "KafkaConnect", "KafkaConnector",
                "KafkaTopic", "KafkaUser");
        assertThat(Deployments.strimziSchemas().validate(strimzi)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("dev.tally.deploy.Repository#OVERLAYS")
    void theStrimziResourcesOfEveryOverlayMeetTheirCrdSchemas(String overlay) {
        List<Manifest> strimzi = Deployments.files(overlay).strimzi().stream().filter(Manifest::isStrimzi).toList();

        assertThat(Deployments.strimziSchemas().validate(strimzi)).isEmpty();
    }

    @Test
    void everyConnectorResourceIsOneLocalStackAndTheIngestServiceCanRead() {
        KafkaConnectorResources reader = new KafkaConnectorResources(Repository.strimzi());
        List<Path> files = Repository.yamlFiles(Repository.strimzi().resolve("connectors"));

        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".yaml", "");
            KafkaConnectorResource connector = reader.read(name);
            assertThat(connector.name()).isEqualTo(name);
            assertThat(connector.topicPrefix()).startsWith(name.equals("tally-outbox") ? "tally.outbox" : "tally.src.");
        }
    }

    @Test
    void thereIsAConnectorForEverySourceTypeAndTheOutbox() {
        List<String> classes = Deployments.files("production").strimzi("KafkaConnector").stream()
                .map(c -> c.at("/spec/class").asText()).toList();

        assertThat(classes).contains("io.debezium.connector.postgresql.PostgresConnector",
                "io.debezium.connector.mysql.MySqlConnector", "io.debezium.connector.mariadb.MariaDbConnector",
                "io.debezium.connector.sqlserver.SqlServerConnector", "io.debezium.connector.oracle.OracleConnector");
        assertThat(Deployments.files("production").strimzi("KafkaConnector"))
                .anySatisfy(c -> assertThat(c.at("/spec/config/transforms.outbox.type").asText())
                        .isEqualTo("dev.tally.connect.OutboxMessageRouter"));
    }
}
