package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
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
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class ARedrivenDeadLetterAppliesExactlyOnceTest extends OperatorApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGGREGATE = "[510]";

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Test
    void anUpdateThatCameBeforeItsInsertIsDeadLetteredThenRedrivenOnceTheInsertIsInAndCountsOnce() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        Line inserted = new Line(5101, 510, 2, "3.00");
        // Out of step with the row: the update comes first in the log, before the insert it builds on.
        List<ChangeEvent> update = lines.update(inserted, inserted.withQuantity(5));
        List<ChangeEvent> insert = lines.insert(inserted);
        assertThat(update).as("an update within one group is one event").hasSize(1);

        // The update arrives before its insert: it retracts what the aggregate never held.
        changes.send(update);
        String poisoned = new String(new ChangeEventCodec(pipeline).encode(update.getFirst()), StandardCharsets.UTF_8);
        JsonNode entry = await().atMost(WAIT).until(() -> DlqApi.find(DlqApi.withValue(poisoned)),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(entry.path("stage").asText()).isEqualTo("aggregate");
        assertThat(entry.path("reason").asText()).contains("cannot be applied to aggregate " + AGGREGATE);
        assertThat(database.aggregate(AGGREGATE)).as("nothing applied").isEmpty();

        // The cause is fixed: the insert arrives.
        changes.send(insert);
        await().atMost(WAIT).untilAsserted(() -> assertThat(database.aggregate(AGGREGATE)).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(1L));

        JsonNode first = DlqApi.redriveEntries(entry);
        JsonNode redriven = DlqApi.in(first.path("redriven"), entry).orElseThrow();
        assertThat(first.path("skipped")).isEmpty();
        assertThat(redriven.path("stage").asText()).isEqualTo("aggregate");
        assertThat(redriven.path("targetTopic").asText()).isEqualTo(pipeline.pipeline().changesTopic());
        await().atMost(WAIT).untilAsserted(() -> assertThat(database.aggregate(AGGREGATE)).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(2L));
        assertExpected(database);

        // Again, by name: the record goes out again, and the journal drops it (a re-driven change is looked up by id).
        JsonNode second = DlqApi.in(DlqApi.redriveEntries(entry).path("redriven"), entry).orElseThrow();
        assertThat(second.path("targetOffset").asLong()).isGreaterThan(redriven.path("targetOffset").asLong());
        await("the aggregator processed the second re-drive").atMost(WAIT).until(() -> ConsumerGroupProgress.passed(
                endpoints.kafkaBootstrapServers(), pipeline.pipeline().aggregatorGroup(),
                second.path("targetTopic").asText(), second.path("targetPartition").asInt(),
                second.path("targetOffset").asLong()));
        assertExpected(database);

        // "all" leaves it alone: it was re-driven already.
        JsonNode all = ReadApi.json(DlqApi.redrive("{\"all\": true}").then().statusCode(200).extract().response());
        assertThat(DlqApi.in(all.path("redriven"), entry)).isEmpty();
        assertThat(DlqApi.in(all.path("skipped"), entry).orElseThrow().path("reason").asText())
                .contains("already re-driven", "by local-operator");
        for (JsonNode other : all.path("redriven")) {
            if (other.path("targetTopic").asText().equals(pipeline.pipeline().changesTopic())) {
                // Whatever else "all" sent is processed before the next test starts.
                await().atMost(WAIT).until(() -> ConsumerGroupProgress.passed(endpoints.kafkaBootstrapServers(),
                        pipeline.pipeline().aggregatorGroup(), other.path("targetTopic").asText(),
                        other.path("targetPartition").asInt(), other.path("targetOffset").asLong()));
            }
        }
        assertExpected(database);

        JsonNode listed = DlqApi.find(DlqApi.withValue(poisoned)).orElseThrow();
        assertThat(listed.path("redrives")).hasSize(2);
        assertThat(listed.path("redrives").get(0).path("by").asText()).isEqualTo("local-operator");
        assertThat(listed.path("redrives").get(0).path("at").asText()).isNotEmpty();
        assertThat(listed.path("redrives").get(0).path("offset").asLong())
                .isEqualTo(redriven.path("targetOffset").asLong());
        assertThat(listed.path("redrives").get(1).path("offset").asLong())
                .isEqualTo(second.path("targetOffset").asLong());
    }

    /** The insert and the update, each once: what the source table holds. */
    private static void assertExpected(TallyDatabase database) {
        TallyDatabase.AggregateRow row = database.aggregate(AGGREGATE).orElseThrow();
        assertThat(row.version()).isEqualTo(2);
        assertThat(row.rows()).isEqualTo(1);
        assertThat(row.results().path("lines").asLong()).isEqualTo(1);
        assertThat(row.results().path("units").asLong()).isEqualTo(5);
        assertThat(row.results().path("revenue").asText()).isEqualTo("15.00");
        assertThat(database.journalEntries(AGGREGATE)).as("the insert and the update, once each").isEqualTo(2);
    }
}
