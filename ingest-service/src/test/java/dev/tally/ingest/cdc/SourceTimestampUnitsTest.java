package dev.tally.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.event.EpochUnit;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTimestampUnitsTest {

    @TempDir
    Path strimzi;

    @Test
    void aSourceWhoseConnectorSendsConnectTimestampsHasMilliseconds() throws Exception {
        connector("plant-a", "time.precision.mode: connect");
        connector("plant-b", "time.precision.mode: adaptive");

        assertThat(new SourceTimestampUnits(strimzi).of(pipeline()))
                .as("plant-b's unit follows each column's precision; http sources are not database sources")
                .isEqualTo(Map.of("plant-a", EpochUnit.MILLISECONDS));
    }

    @Test
    void theRepositorysOrdersConnectorFixesNoUnit() throws Exception {
        CompiledPipeline orders = new PipelineLoader().load(Path.of("../examples/orders/sales-by-product.yaml"));

        assertThat(new SourceTimestampUnits(Path.of("../strimzi")).of(orders)).isEmpty();
    }

    @Test
    void aConnectorResourceThatCannotBeReadFixesNoUnit() throws Exception {
        assertThat(new SourceTimestampUnits(strimzi).of(pipeline())).isEmpty();
    }

    private void connector(String name, String setting) throws Exception {
        Files.createDirectories(strimzi.resolve("connectors"));
        Files.writeString(strimzi.resolve("connectors/" + name + ".yaml"), """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaConnector
                metadata:
                  name: %s
                spec:
                  class: io.debezium.connector.postgresql.PostgresConnector
                  tasksMax: 1
                  config:
                    topic.prefix: tally.src.%s
                    %s
                """.formatted(name, name, setting));
    }

    private static CompiledPipeline pipeline() throws Exception {
        String source = """
                  - name: %s
                    type: %s
                    columns: { meter_id: long, ts: timestamp }
                    fields: { meter_id: meter_id, read_at: ts }
                """;
        return new PipelineLoader().load("name: readings\nsources:\n"
                + source.formatted("plant-a", "postgres\n    connector: plant-a\n    table: public.meter_reading")
                + source.formatted("plant-b", "postgres\n    connector: plant-b\n    table: public.meter_reading")
                + source.formatted("posted", "http")
                + "groupBy: [meter_id]\naggregates: { readings: count() }\n", "readings.yaml");
    }
}
