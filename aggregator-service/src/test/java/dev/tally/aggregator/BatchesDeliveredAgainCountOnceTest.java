package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.aggregator.OrderLines.Line;
import dev.tally.aggregator.apply.BatchApplier;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.DeadLetters;
import dev.tally.service.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * A batch the aggregator applied can come again: the service crashed between its database commit and its Kafka
 * commit, or the group gave the partition to another instance meanwhile. A second applier (as another instance would
 * run) is handed the records of one aggregate that the running one applied, plus a new one that both race for: the
 * stored input positions let each change count once.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class BatchesDeliveredAgainCountOnceTest extends OperatorApiTest {

    private static final String AGGREGATE = "[731]";

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;
    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    DeadLetters deadLetters;
    @Inject
    MeterRegistry registry;

    @Test
    void recordsAppliedBeforeChangeNothingWhenTheyComeAgainAndANewOneRacedForCountsOnce() throws Throwable {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        Line first = new Line(7311, 731, 2, "3.00");
        Line second = new Line(7312, 731, 1, "5.00");
        List<ChangeEvent> inserts = new ArrayList<>(lines.insert(first));
        inserts.addAll(lines.insert(second));
        changes.send(inserts);
        awaitVersion(database, 2);

        BatchApplier anotherInstance = new BatchApplier(pipeline, sessions, deadLetters,
                dev.tally.aggregator.AggregatorMetrics.of(registry, pipeline.name()), 100, 10_000, 10);
        List<ConsumerRecord<byte[], byte[]>> applied = recordsOf(pipeline, 2);
        VertxContextSupport.subscribeAndAwait(() -> anotherInstance.handle(batch(applied)));
        TallyDatabase.AggregateRow unchanged = database.aggregate(AGGREGATE).orElseThrow();
        assertThat(unchanged.version()).as("records applied before apply no more").isEqualTo(2);

        // A new change, which the running applier and the other instance both get: one applies it, the other drops it.
        changes.send(lines.update(first, first.withQuantity(6)));
        List<ConsumerRecord<byte[], byte[]>> withNew = recordsOf(pipeline, 3);
        VertxContextSupport.subscribeAndAwait(() -> anotherInstance.handle(batch(withNew)));
        awaitVersion(database, 3);
        Thread.sleep(2_000);

        TallyDatabase.AggregateRow row = database.aggregate(AGGREGATE).orElseThrow();
        assertThat(row.version()).as("one version per change").isEqualTo(3);
        assertThat(row.rows()).isEqualTo(2);
        assertThat(row.results().path("units").asLong()).isEqualTo(7);
        assertThat(row.results().path("revenue").asText()).isEqualTo("23.00");
        assertThat(database.journalEntries(AGGREGATE)).as("each change is journaled once").isEqualTo(3);
    }

    private static void awaitVersion(TallyDatabase database, long version) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate(AGGREGATE)).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(version));
    }

    /**
     * The records of the aggregate's partition from its first record on, once the aggregate has {@code count}: as a
     * poll hands them over, without gaps.
     */
    private List<ConsumerRecord<byte[], byte[]>> recordsOf(CompiledPipeline pipeline, int count) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (TopicRecords topic = new TopicRecords(endpoints.kafkaBootstrapServers(),
                pipeline.pipeline().changesTopic())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                found.clear();
                List<ConsumerRecord<byte[], byte[]>> all = topic.poll();
                List<ConsumerRecord<byte[], byte[]>> ours = all.stream()
                        .filter(r -> AGGREGATE.equals(new String(r.key(), StandardCharsets.UTF_8))).toList();
                if (ours.size() < count) {
                    return false;
                }
                ConsumerRecord<byte[], byte[]> first = ours.getFirst();
                all.stream().filter(r -> r.partition() == first.partition() && r.offset() >= first.offset()
                        && r.offset() <= ours.getLast().offset()).forEach(found::add);
                return true;
            });
        }
        return found;
    }

    private static ConsumerRecords<byte[], byte[]> batch(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                p -> new ArrayList<>()).add(r));
        return new ConsumerRecords<>(byPartition, Map.of());
    }
}
