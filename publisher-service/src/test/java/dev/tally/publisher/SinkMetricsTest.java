package dev.tally.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class SinkMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void countsRowsUpsertedAndDeletedAndTimesSourceCommitToWrite() {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        double upserted = meter("tally_sink_rows_upserted_total");
        double deleted = meter("tally_sink_rows_deleted_total");
        double timed = meter("tally_sink_latency_seconds_count");
        SinkDatabase sink = new SinkDatabase(endpoints);
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.send(sales, Updates.of(sales, null, 1, 1, Map.of("lines", 1L, "units", 1L), 5001L));
            await("product 5001 written").atMost(WAIT).until(() ->
                    sink.single("SELECT version FROM sales_by_product WHERE product_id = 5001"), Optional::isPresent);
            producer.send(sales, Updates.of(sales, null, 2, 0, Map.of("lines", 0L, "units", 0L), 5001L));
            await("product 5001 deleted").atMost(WAIT).until(() ->
                    sink.single("SELECT version FROM sales_by_product WHERE product_id = 5001"), Optional::isEmpty);
        }

        await("sink meters").atMost(WAIT).untilAsserted(() -> {
            assertThat(meter("tally_sink_rows_upserted_total")).isGreaterThanOrEqualTo(upserted + 1);
            assertThat(meter("tally_sink_rows_deleted_total")).isGreaterThanOrEqualTo(deleted + 1);
            assertThat(meter("tally_sink_latency_seconds_count")).isGreaterThanOrEqualTo(timed + 2);
            // Updates.of dates the source commit 250 ms before the update: each write took at least that long.
            assertThat(meter("tally_sink_latency_seconds_max")).isGreaterThanOrEqualTo(0.25);
        });
    }

    private static double meter(String name) {
        return PublisherMetrics.sinkMeter(name, "sales-by-product", "sql");
    }
}
