package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class RecordsThatCannotBeAppliedGoToTheDeadLetterTopicTest {

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void anUndecodableRecordIsDeadLetteredAndTheLoopGoesOn() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        byte[] garbage = "{\"pipeline\": \"sales-by-product\", \"id\": oops".getBytes(StandardCharsets.UTF_8);

        try (TopicRecords dlq = new TopicRecords(endpoints.kafkaBootstrapServers(), pipeline.pipeline().dlqTopic())) {
            changes.sendRaw("[401]", garbage);
            changes.send(new OrderLines(pipeline).insert(new Line(4101, 401, 1, "1.00")));

            DeadLetter letter = dlq.awaitDeadLetter(garbage);
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.AGGREGATE);
            assertThat(letter.pipeline()).isEqualTo("sales-by-product");
            assertThat(letter.topic()).isEqualTo(pipeline.pipeline().changesTopic());
            assertThat(letter.reason()).contains("not a change event of pipeline sales-by-product", "not JSON");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[401]")).get()
                    .extracting(TallyDatabase.AggregateRow::version).isEqualTo(1L));
        }
    }

    @Test
    void aChangeTheAggregateCannotTakeIsDeadLetteredAndTheOthersApply() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        // Deleting a row the aggregate never counted: the input is out of step with the aggregate.
        List<ChangeEvent> neverAdded = lines.delete(new Line(4201, 402, 1, "1.00"));
        List<ChangeEvent> batch = new ArrayList<>(neverAdded);
        batch.addAll(lines.insert(new Line(4202, 402, 3, "2.00")));
        batch.addAll(lines.insert(new Line(4203, 402, 1, "6.00")));

        try (TopicRecords dlq = new TopicRecords(endpoints.kafkaBootstrapServers(), pipeline.pipeline().dlqTopic())) {
            changes.sendInOneTransaction(batch);

            byte[] rejected = new ChangeEventCodec(pipeline).encode(neverAdded.getFirst());
            DeadLetter letter = dlq.awaitDeadLetter(rejected);
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.AGGREGATE);
            assertThat(letter.reason()).contains(neverAdded.getFirst().eventId(), "cannot be applied to aggregate [402]");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                TallyDatabase.AggregateRow row = database.aggregate("[402]").orElseThrow();
                assertThat(row.version()).as("two of the three changes applied").isEqualTo(2);
                assertThat(row.rows()).isEqualTo(2);
                assertThat(row.results().path("units").asLong()).isEqualTo(4);
            });
            assertThat(database.journalEntries("[402]")).as("the rejected change is not journaled").isEqualTo(2);
        }
    }
}
