package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class ReversalRetractsExactlyOneEventTest extends OperatorApiTest {

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Test
    void reversingAnEventEndsWhereTheAggregateWouldBeWithoutItAndEachEventIsReversedOnce() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));

        // 501 gets a cheapest line that 502, otherwise the same, never sees.
        Line wrong = new Line(5101, 501, 3, "0.50");
        Line kept = new Line(5102, 501, 1, "5.00");
        Line other = new Line(5103, 501, 2, "1.00");
        ChangeEvent wrongInsert = single(lines.insert(wrong));
        ChangeEvent keptInsert = single(lines.insert(kept));
        ChangeEvent otherInsert = single(lines.insert(other));
        ChangeEvent keptUpdate = single(lines.update(kept, kept.withQuantity(4)));
        changes.send(List.of(wrongInsert, keptInsert, otherInsert, keptUpdate));
        Line twinKept = new Line(5202, 502, 1, "5.00");
        List<ChangeEvent> twin = new ArrayList<>();
        twin.addAll(lines.insert(twinKept));
        twin.addAll(lines.insert(new Line(5203, 502, 2, "1.00")));
        twin.addAll(lines.update(twinKept, twinKept.withQuantity(4)));
        changes.send(twin);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(database.aggregate("[501]")).get().extracting(TallyDatabase.AggregateRow::version).isEqualTo(4L);
            assertThat(database.aggregate("[502]")).get().extracting(TallyDatabase.AggregateRow::version).isEqualTo(3L);
        });

        JsonNode reversed = CompensationApi.post(reversal("reverse-5101", wrongInsert), 201);
        assertThat(reversed.path("kind").asText()).isEqualTo("reverse");
        assertThat(reversed.path("effect").path("version").asLong()).isEqualTo(5);
        assertThat(reversed.path("effect").path("before").path("min_price").asText()).isEqualTo("0.50");
        TallyDatabase.AggregateRow withoutEvent = database.aggregate("[502]").orElseThrow();
        TallyDatabase.AggregateRow afterReversal = database.aggregate("[501]").orElseThrow();
        assertThat(afterReversal.results()).as("as if the event had never come").isEqualTo(withoutEvent.results());
        assertThat(afterReversal.rows()).isEqualTo(withoutEvent.rows()).isEqualTo(2);
        assertThat(reversed.path("effect").path("after")).isEqualTo(withoutEvent.results());

        JsonNode twice = CompensationApi.post(reversal("reverse-5101-again", wrongInsert), 409);
        assertThat(twice.path("error").asText()).contains("already reversed").contains("reverse-5101");
        JsonNode buriedEvent = CompensationApi.post(reversal("reverse-5102-insert", keptInsert), 409);
        assertThat(buriedEvent.path("error").asText()).contains("later change of the same row")
                .contains(keptUpdate.eventId());
        assertThat(database.aggregate("[501]").orElseThrow().version()).as("refusals change nothing").isEqualTo(5);

        // Newest first, a row's changes can all be taken back.
        CompensationApi.post(reversal("reverse-5102-update", keptUpdate), 201);
        JsonNode afterUpdateReversed = database.aggregate("[501]").orElseThrow().results();
        assertThat(afterUpdateReversed.path("units").asLong()).as("the line holds quantity 1 again").isEqualTo(3);
        assertThat(afterUpdateReversed.path("revenue").asText()).isEqualTo("7.00");
        CompensationApi.post(reversal("reverse-5102-insert", keptInsert), 201);
        TallyDatabase.AggregateRow onlyOther = database.aggregate("[501]").orElseThrow();
        assertThat(onlyOther.version()).isEqualTo(7);
        assertThat(onlyOther.rows()).isEqualTo(1);
        assertThat(onlyOther.results().path("lines").asLong()).isEqualTo(1);
        assertThat(onlyOther.results().path("revenue").asText()).isEqualTo("2.00");
        assertThat(onlyOther.results().path("max_price").asText()).isEqualTo("1.00");

        // The state the reversals left takes the remaining row's delete exactly.
        changes.send(lines.delete(other));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[501]")).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(8L));
        TallyDatabase.AggregateRow emptied = database.aggregate("[501]").orElseThrow();
        assertThat(emptied.rows()).isZero();
        assertThat(emptied.results().path("lines").asLong()).isZero();
        assertThat(emptied.results().path("revenue").isNull()).as("revenue of %s", emptied.results()).isTrue();
    }

    private static String reversal(String id, ChangeEvent event) {
        return "{\"id\": \"" + id + "\", \"reverseEventId\": \"" + event.eventId()
                + "\", \"reason\": \"test order entered by mistake\"}";
    }

    private static ChangeEvent single(List<ChangeEvent> events) {
        assertThat(events).hasSize(1);
        return events.getFirst();
    }
}
