package dev.tally.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeOrigin;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class RedeliveredEventsCountOnceTest extends OperatorApiTest {

    private static final Pattern DUPLICATES = Pattern.compile(
            "(?m)^tally_aggregator_duplicates_dropped_total\\{[^}]*pipeline=\"sales-by-product\"[^}]*} ([0-9.E]+)$");

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Test
    void eventsDeliveredTwiceInOneBatchAndAcrossBatchesCountOnce() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        double duplicatesBefore = duplicatesDropped();

        Line first = new Line(2101, 201, 2, "3.00");
        Line second = new Line(2102, 201, 1, "5.00");
        List<ChangeEvent> inserts = new ArrayList<>();
        inserts.addAll(lines.insert(first));
        inserts.addAll(lines.insert(second));
        // The first insert twice, within one transaction: one polled batch.
        changes.sendInOneTransaction(List.of(inserts.get(0), inserts.get(0), inserts.get(1)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[201]")).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(2L));

        // Both inserts again in a later batch, then a new change: only the new change is applied.
        List<ChangeEvent> later = new ArrayList<>(inserts);
        later.addAll(lines.update(first, first.withQuantity(4)));
        changes.send(later);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[201]")).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(3L));

        TallyDatabase.AggregateRow row = database.aggregate("[201]").orElseThrow();
        assertThat(row.rows()).isEqualTo(2);
        assertThat(row.results().path("lines").asLong()).isEqualTo(2);
        assertThat(row.results().path("units").asLong()).isEqualTo(5);
        assertThat(row.results().path("revenue").asText()).isEqualTo("17.00");
        assertThat(database.journalEntries("[201]")).as("each event is journaled once").isEqualTo(3);
        JsonNode item = ReadApi.json(ReadApi.byId("[201]").then().statusCode(200).extract().response());
        assertThat(item.path("version").asLong()).as("one version per applied event").isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(duplicatesDropped() - duplicatesBefore)
                .as("one repeat within the batch, two redeliveries").isEqualTo(3.0));
    }

    @Test
    void rowsReadAgainByAnIncrementalSnapshotCountOnlyInAPipelineBeingRebuilt() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));

        Line line = new Line(2201, 202, 2, "3.00");
        ChangeEvent insert = lines.insert(line).getFirst();
        changes.send(List.of(insert));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[202]")).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(1L));

        // Another pipeline's rebuild has Debezium read the row again: a new event id, the same row, flagged.
        ChangeEvent reread = new ChangeEvent(insert.pipeline(), "0b9a7c5e-0000-3000-8000-000000002201", insert.key(),
                insert.window(), null, insert.after(), insert.rowKey(), insert.order(), insert.eventTime(),
                insert.commitTime(), insert.source(), "pg:incremental-snapshot", true,
                new ChangeOrigin(0, insert.origin().offset() + 1, 0, insert.origin().positionKey(), true));
        List<ChangeEvent> later = new ArrayList<>(List.of(reread));
        later.addAll(lines.update(line, line.withQuantity(5)));
        changes.send(later);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[202]")).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(2L));

        TallyDatabase.AggregateRow row = database.aggregate("[202]").orElseThrow();
        assertThat(row.results().path("lines").asLong()).as("the row counts once").isEqualTo(1);
        assertThat(row.results().path("units").asLong()).isEqualTo(5);
        assertThat(database.journalEntries("[202]")).as("the re-read is not journaled").isEqualTo(2);
    }

    private static double duplicatesDropped() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = DUPLICATES.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
