package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.window.Window;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A change event whose group key, input or window PostgreSQL cannot store (U+0000, a key too long to index, a window
 * bound in the year 200000) reached the aggregator from outside ingest, which refuses them: it goes to the
 * dead-letter topic with the reason, and the changes of the same batch are applied. Before, the batch failed on every
 * try and nothing after it was counted.
 */
@QuarkusTest
@TestProfile(StringKeyPipelines.class)
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class ValuesTheStoreCannotHoldAreDeadLetteredTest {

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void aNulInAGroupKeyIsDeadLetteredAndTheRestOfTheBatchApplies() {
        assertDeadLetteredBesideAnAppliedChange("store\u0000one", "group key field 'store' holds U+0000 (NUL)");
    }

    @Test
    void aGroupKeyTooLongToIndexIsDeadLetteredAndTheRestOfTheBatchApplies() {
        assertDeadLetteredBesideAnAppliedChange("s".repeat(3000), "the group key takes 3004 bytes as JSON");
    }

    @Test
    void aWindowInTheYear200000IsDeadLetteredAndTheRestOfTheBatchApplies() {
        CompiledPipeline pipeline = pipelines.get("sales-per-minute").orElseThrow();
        Instant farAhead = Instant.parse("+200000-01-01T00:00:00Z");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        ChangeEvent bad = line(farAhead, 99501);
        ChangeEvent good = line(now, 99502);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));

        try (TopicRecords dlq = new TopicRecords(endpoints.kafkaBootstrapServers(), pipeline.pipeline().dlqTopic())) {
            new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline).sendInOneTransaction(List.of(bad, good));

            DeadLetter letter = dlq.awaitDeadLetter(new ChangeEventCodec(pipeline).encode(bad));
            assertThat(letter.reason()).contains(bad.eventId(), "its event time is +200000-01-01T00:00:00Z, outside the "
                    + "years 1 to 9999");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate(good.aggregateId(),
                    "sales-per-minute")).get().extracting(TallyDatabase.AggregateRow::version).isEqualTo(1L));
        }
    }

    @Test
    void aKeyOfThreeHundredCharactersIsApplied() {
        CompiledPipeline pipeline = pipelines.get("takings-by-store").orElseThrow();
        String store = "long-store-".repeat(30).substring(0, 300);
        new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline).send(List.of(sale(store, "2.50")));

        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        String id = new GroupKey(List.of(store)).encoded();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate(id, "takings-by-store"))
                .get().extracting(TallyDatabase.AggregateRow::version).isEqualTo(1L));
    }

    private void assertDeadLetteredBesideAnAppliedChange(String badStore, String reason) {
        CompiledPipeline pipeline = pipelines.get("takings-by-store").orElseThrow();
        String goodStore = "store-" + UUID.randomUUID();
        ChangeEvent bad = sale(badStore, "1.00");
        ChangeEvent good = sale(goodStore, "4.00");
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));

        try (TopicRecords dlq = new TopicRecords(endpoints.kafkaBootstrapServers(), pipeline.pipeline().dlqTopic())) {
            new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline).sendInOneTransaction(List.of(bad, good));

            DeadLetter letter = dlq.awaitDeadLetter(new ChangeEventCodec(pipeline).encode(bad));
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.AGGREGATE);
            assertThat(letter.reason()).contains(bad.eventId(), reason);
            String id = new GroupKey(List.of(goodStore)).encoded();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                TallyDatabase.AggregateRow row = database.aggregate(id, "takings-by-store").orElseThrow();
                assertThat(row.version()).isEqualTo(1L);
                assertThat(new BigDecimal(row.results().path("takings").asText())).isEqualByComparingTo("4.00");
            });
        }
    }

    private static ChangeEvent line(Instant createdAt, long product) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("lines", 1L);
        after.put("units", 2L);
        after.put("revenue", new BigDecimal("5.00"));
        after.put("min_price", new BigDecimal("2.50"));
        after.put("max_price", new BigDecimal("2.50"));
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return new ChangeEvent("sales-per-minute", id, new GroupKey(List.of(product)),
                new Window(createdAt, createdAt.plus(Duration.ofMinutes(1))), null, after, "order_lines|" + id,
                String.format("%015d|order-lines|%s", now.toEpochMilli(), id), createdAt, now, "order-lines", "pg:" + id);
    }

    private static ChangeEvent sale(String store, String amount) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("sales", 1L);
        after.put("takings", new BigDecimal(amount));
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return new ChangeEvent("takings-by-store", id, new GroupKey(List.of(store)), null, null, after, "tills|" + id,
                String.format("%015d|tills|%s", now.toEpochMilli(), id), now, now, "tills", "http:" + id);
    }
}
