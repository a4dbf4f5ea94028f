package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Windowed results equal what SQL computes from the same rows, after inserts, updates that move a row to another
 * window or another product, and deletes. Every change stays within the grace period, so none is late.
 */
@QuarkusTest
@TestProfile(WindowPipelines.class)
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class WindowedResultsMatchSqlGroundTruthTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void tumblingWindowsEqualDateBinGroupingOfTheRows() {
        GroundTruth truth = new GroundTruth(endpoints.jdbcUrl("tally"), "truth_sales_per_minute");
        WindowStore store = send("sales-per-minute", truth, 7001, 1000);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(store.nonEmptyResults()).isEqualTo(truth.tumbling("1 minute")));
        assertThat(truth.tumbling("1 minute")).as("the scenario spans several windows and products").hasSizeGreaterThan(10);
    }

    @Test
    void hoppingWindowsEqualEveryRowJoinedToTheWindowsItFallsIn() {
        GroundTruth truth = new GroundTruth(endpoints.jdbcUrl("tally"), "truth_sales_hopping");
        WindowStore store = send("sales-hopping", truth, 7101, 2000);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(store.nonEmptyResults()).isEqualTo(truth.hopping("3 minutes", "1 minute")));
        assertThat(truth.hopping("3 minutes", "1 minute")).as("each row counts in three windows")
                .hasSizeGreaterThan(3 * 5);
    }

    /**
     * Inserts 60 lines over 6 minutes and 4 products, then updates a third of them (quantity, price, time into
     * another window, product) and deletes some, in rounds of records; the same rows go to {@code truth}.
     */
    private WindowStore send(String name, GroundTruth truth, long firstProduct, long firstId) {
        CompiledPipeline pipeline = pipelines.get(name).orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        Random random = new Random(firstId);
        Supplier<Instant> time = () -> START.plusMillis(random.nextInt(6 * 60_000));
        List<Line> rows = new ArrayList<>();
        List<ChangeEvent> round = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Line line = new Line(firstId + i, firstProduct + random.nextInt(4), 1 + random.nextInt(5),
                    (1 + random.nextInt(900)) / 100 + "." + (10 + random.nextInt(90)), time.get());
            rows.add(line);
            round.addAll(lines.insert(line));
            truth.insert(line);
        }
        changes.send(round);
        round.clear();
        for (int i = 0; i < rows.size(); i += 3) {
            Line before = rows.get(i);
            Line after = switch (i % 4) {
                case 0 -> before.withCreatedAt(time.get());
                case 1 -> before.withQuantity(before.quantity() + 2);
                case 2 -> before.withProduct(firstProduct + (before.product() - firstProduct + 1) % 4);
                default -> before.withPrice("0.99").withCreatedAt(time.get());
            };
            rows.set(i, after);
            round.addAll(lines.update(before, after));
            truth.update(after);
        }
        for (int i = 1; i < rows.size(); i += 7) {
            round.addAll(lines.delete(rows.get(i)));
            truth.delete(rows.get(i));
        }
        changes.send(round);
        return new WindowStore(endpoints.jdbcUrl("tally"), name);
    }
}
