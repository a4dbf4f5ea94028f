package dev.tally.aggregator;

import static io.restassured.RestAssured.given;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The test profile purges every second, two entries per statement; the example keeps its journal 7 days. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class JournalRetentionPurgesOldEntriesTest extends OperatorApiTest {

    private static final Pattern PURGED = Pattern.compile(
            "(?m)^tally_aggregator_journal_purged_total\\{[^}]*pipeline=\"sales-by-product\"[^}]*} ([0-9.E]+)$");

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Test
    void entriesOlderThanTheRetentionPeriodArePurgedAndRecentOnesStay() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        assertThat(pipeline.pipeline().retention().journal()).isEqualTo(Duration.ofDays(7));
        double purgedBefore = purged();

        // Sent in three parts, each applied before the next is sent: a batch's entries share the time it was applied.
        List<ChangeEvent> inserts = new ArrayList<>();
        ChangesTopic topic = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        for (List<Integer> part : List.of(List.of(1), List.of(2, 3, 4), List.of(5))) {
            List<ChangeEvent> sent = new ArrayList<>();
            part.forEach(i -> sent.addAll(lines.insert(new Line(6100 + i, 601, i, "1.00"))));
            topic.send(sent);
            inserts.addAll(sent);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[601]")).get()
                    .extracting(TallyDatabase.AggregateRow::version).isEqualTo((long) part.getLast()));
        }

        List<String> old = inserts.subList(0, 4).stream().map(ChangeEvent::eventId).toList();
        String recent = inserts.getLast().eventId();
        database.ageJournalEntries(List.of(old.getFirst()), 6);
        database.ageJournalEntries(old.subList(1, 4), 8);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(database.journaledEventIds("[601]"))
                .containsExactlyInAnyOrder(old.getFirst(), recent));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(purged() - purgedBefore)
                .as("purged entries counted").isEqualTo(3.0));
        TallyDatabase.AggregateRow row = database.aggregate("[601]").orElseThrow();
        assertThat(row.version()).as("purging forgets events, not their effect").isEqualTo(5);
        assertThat(row.results().path("units").asLong()).isEqualTo(15);

        JsonNode refused = CompensationApi.post("{\"id\": \"reverse-purged\", \"reverseEventId\": \"" + old.get(1)
                + "\", \"reason\": \"too late\"}", 404);
        assertThat(refused.path("error").asText()).contains("purged").contains("PT168H");
        CompensationApi.post("{\"id\": \"reverse-kept\", \"reverseEventId\": \"" + old.getFirst()
                + "\", \"reason\": \"within the horizon\"}", 201);
        assertThat(database.aggregate("[601]").orElseThrow().results().path("units").asLong()).isEqualTo(14);
    }

    private static double purged() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = PURGED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
