package dev.tally.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.window.Window;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class SqlSinkWindowTest {

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void eachWindowOfAGroupIsARowCarryingItsBounds() {
        CompiledPipeline minutes = pipelines.get("reporting-sales-per-minute").orElseThrow();
        Window first = new Window(Instant.parse("2025-06-01T10:00:00Z"), Instant.parse("2025-06-01T10:01:00Z"));
        Window second = new Window(Instant.parse("2025-06-01T10:01:00Z"), Instant.parse("2025-06-01T10:02:00Z"));
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.send(minutes,
                    Updates.of(minutes, first, 1, 1, Map.of("lines", 1L, "revenue", new BigDecimal("2.50")), 3001L),
                    Updates.of(minutes, second, 1, 1, Map.of("lines", 1L, "revenue", new BigDecimal("4.00")), 3001L),
                    Updates.of(minutes, first, 2, 2, Map.of("lines", 2L, "revenue", new BigDecimal("7.50")), 3001L));
        }

        SinkDatabase sink = new SinkDatabase(endpoints);
        String sql = "SELECT window_start, window_end, lines, revenue, version FROM reporting.sales_per_minute "
                + "WHERE product_id = 3001 ORDER BY window_start";
        List<Map<String, Object>> rows = await("two windows of product 3001").atMost(Duration.ofSeconds(60))
                .until(() -> sink.query(sql), r -> r.size() == 2 && r.get(0).get("version").equals(2L));
        assertThat(rows.get(0)).containsEntry("window_start", first.start()).containsEntry("window_end", first.end())
                .containsEntry("lines", 2L).containsEntry("revenue", new BigDecimal("7.50"));
        assertThat(rows.get(1)).containsEntry("window_start", second.start()).containsEntry("window_end", second.end())
                .containsEntry("lines", 1L).containsEntry("revenue", new BigDecimal("4.00")).containsEntry("version", 1L);
    }

    @Test
    void aWindowClosedVersionIsAppliedLikeAnyNewerVersion() {
        CompiledPipeline minutes = pipelines.get("reporting-sales-per-minute").orElseThrow();
        Window window = new Window(Instant.parse("2025-06-01T11:00:00Z"), Instant.parse("2025-06-01T11:01:00Z"));
        AggregateUpdate last = Updates.of(minutes, window, 3, 2, Map.of("lines", 2L, "revenue", new BigDecimal("5.00")),
                3002L);
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.send(minutes, last, Updates.windowClosed(last));
        }

        SinkDatabase sink = new SinkDatabase(endpoints);
        String sql = "SELECT lines, revenue, version FROM reporting.sales_per_minute WHERE product_id = 3002";
        List<Map<String, Object>> rows = await("the closed window of product 3002").atMost(Duration.ofSeconds(60))
                .until(() -> sink.query(sql), r -> r.size() == 1 && r.getFirst().get("version").equals(4L));
        assertThat(rows.getFirst()).containsEntry("lines", 2L).containsEntry("revenue", new BigDecimal("5.00"));
    }
}
