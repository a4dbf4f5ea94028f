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
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the state cache off, every batch restores its aggregates from the store: the state document and the values
 * of mins and maxes, of which each batch wrote only those whose multiplicity changed. The extremes still move
 * exactly as rows leave and come back, and the value rows end as the group's rows say.
 */
@QuarkusTest
@TestProfile(NoStateCache.class)
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class StatesRestoredFromTheStoreTest {

    private static final String AGGREGATE = "[301]";
    private static final String LOGGED = "[302]";

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Test
    void minAndMaxMoveExactlyWhenEveryBatchRestoresItsStatesFromTheStore() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));

        Line a = new Line(3101, 301, 1, "5.00");
        Line b = new Line(3102, 301, 1, "2.00");
        Line c = new Line(3103, 301, 1, "9.00");
        Line d = new Line(3104, 301, 1, "5.00");
        batch(changes, database, 3, "2.00", "9.00", lines.insert(a), lines.insert(b), lines.insert(c));
        batch(changes, database, 4, "5.00", "9.00", lines.delete(b));
        batch(changes, database, 5, "3.00", "5.00", lines.update(c, c.withPrice("3.00")));
        batch(changes, database, 6, "3.00", "5.00", lines.insert(d));
        assertThat(database.values(AGGREGATE)).as("one row per value, with its multiplicity")
                .isEqualTo(Map.of("min_price \"3.00\"", 1L, "min_price \"5.00\"", 2L));
        batch(changes, database, 7, "3.00", "5.00", lines.delete(a));
        batch(changes, database, 8, "5.00", "5.00", lines.delete(c.withPrice("3.00")));

        assertThat(database.values(AGGREGATE)).isEqualTo(Map.of("min_price \"5.00\"", 1L));
    }

    /**
     * The values are a log per aggregate: deltas, and every 64 versions a snapshot that drops the rows before it.
     * Restored from snapshot plus deltas on every batch, across a snapshot, the extremes stay exact.
     */
    @Test
    void valuesRestoreFromTheirSnapshotAndTheDeltasSince() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));

        List<Line> inserted = new java.util.ArrayList<>();
        List<ChangeEvent> first = new java.util.ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            Line line = new Line(3200 + i, 302, 1, i + ".00");
            inserted.add(line);
            first.addAll(lines.insert(line));
        }
        batch(changes, database, LOGGED, 60, "1.00", "60.00", first);
        // The consumer may take the 60 in more than one batch: the first write is a snapshot, the others deltas.
        List<String> log = database.valueLog(LOGGED);
        assertThat(log.getFirst()).as("an aggregate's first write is a snapshot: %s", log).endsWith(" snapshot");
        assertThat(log.subList(1, log.size())).allMatch(row -> row.endsWith(" delta"));
        batch(changes, database, LOGGED, 61, "2.00", "60.00", lines.delete(inserted.get(0)));
        batch(changes, database, LOGGED, 62, "3.00", "100.00", lines.update(inserted.get(1),
                inserted.get(1).withPrice("100.00")));
        assertThat(database.valueLog(LOGGED)).endsWith("61 delta", "62 delta");

        List<ChangeEvent> third = new java.util.ArrayList<>();
        for (int i = 61; i <= 63; i++) {
            third.addAll(lines.insert(new Line(3200 + i, 302, 1, "0." + i)));
        }
        batch(changes, database, LOGGED, 65, "0.61", "100.00", third);
        // Versions 63 to 65 in one batch or more: the write that reaches 64 is a snapshot, and the rows before it go.
        assertThat(database.valueLog(LOGGED)).as("past version 64").isIn(List.of("65 snapshot"),
                List.of("64 snapshot", "65 delta"));
        batch(changes, database, LOGGED, 66, "0.61", "60.00", lines.delete(inserted.get(1).withPrice("100.00")));
        assertThat(database.valueLog(LOGGED)).endsWith("66 delta").hasSizeLessThanOrEqualTo(3);

        Map<String, Long> expected = new java.util.TreeMap<>();
        for (int i = 3; i <= 60; i++) {
            expected.put("min_price \"" + i + ".00\"", 1L);
        }
        for (int i = 61; i <= 63; i++) {
            expected.put("min_price \"0." + i + "\"", 1L);
        }
        assertThat(database.values(LOGGED)).isEqualTo(expected);
    }

    @SafeVarargs
    private static void batch(ChangesTopic changes, TallyDatabase database, long version, String min, String max,
                              List<ChangeEvent>... events) {
        batch(changes, database, AGGREGATE, version, min, max, java.util.Arrays.stream(events).flatMap(List::stream)
                .toList());
    }

    private static void batch(ChangesTopic changes, TallyDatabase database, String aggregate, long version, String min,
                              String max, List<ChangeEvent> events) {
        changes.send(events);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            // An assertion, not orElseThrow: the row may not exist yet on the first polls, and only assertion errors
            // are polled again.
            java.util.Optional<TallyDatabase.AggregateRow> found = database.aggregate(aggregate);
            assertThat(found).as("aggregate %s", aggregate).isPresent();
            TallyDatabase.AggregateRow row = found.get();
            assertThat(row.version()).isEqualTo(version);
            assertThat(new BigDecimal(row.results().path("min_price").asText())).isEqualByComparingTo(min);
            assertThat(new BigDecimal(row.results().path("max_price").asText())).isEqualByComparingTo(max);
        });
    }
}
