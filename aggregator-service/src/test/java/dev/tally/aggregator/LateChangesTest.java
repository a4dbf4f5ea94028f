package dev.tally.aggregator;

import static io.restassured.RestAssured.given;
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
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A change read after the watermark of its partition reached its window's end is late: with {@code late: dlq} it
 * goes to the dead-letter topic with reason {@code late: ...}, with {@code late: drop} it is counted; either way it
 * is neither applied nor journaled. Both pipelines have 1-minute windows and 1 minute of grace.
 */
@QuarkusTest
@TestProfile(WindowPipelines.class)
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class LateChangesTest {

    private static final Instant T = Instant.parse("2026-11-24T11:00:00Z");
    private static final Instant MINUTE_0_END = T.plusSeconds(60);

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void aChangeForAClosedWindowGoesToTheDeadLetterTopicAndIsNotApplied() {
        CompiledPipeline pipeline = pipelines.get("sales-late-dlq").orElseThrow();
        Scenario scenario = closeMinuteZero(pipeline, 901);
        Line late = new Line(9013, 901, 7, "7.00", T.plusSeconds(20));
        List<ChangeEvent> lateInsert = scenario.lines.insert(late);
        // The update moves an on-time line out of the closed minute: its retraction there is late, its addition is not.
        Line moved = scenario.early.withCreatedAt(T.plusSeconds(200));
        List<ChangeEvent> move = scenario.lines.update(scenario.early, moved);
        assertThat(move).hasSize(2);
        ChangeEvent retraction = move.stream().filter(e -> e.after() == null).findFirst().orElseThrow();
        List<ChangeEvent> round = new ArrayList<>(lateInsert);
        round.addAll(move);

        try (TopicRecords dlq = new TopicRecords(endpoints.kafkaBootstrapServers(), pipeline.pipeline().dlqTopic())) {
            scenario.changes.send(round);
            ChangeEventCodec codec = new ChangeEventCodec(pipeline);
            DeadLetter letter = dlq.awaitDeadLetter(codec.encode(lateInsert.getFirst()));
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.AGGREGATE);
            Matcher reason = Pattern.compile("late: window \\[" + T + ", " + MINUTE_0_END
                    + "\\) of partition (\\d+) closed at watermark " + T.plusSeconds(120) + " .*").matcher(letter.reason());
            assertThat(reason.matches()).as("reason %s", letter.reason()).isTrue();
            assertThat(Integer.parseInt(reason.group(1))).isEqualTo(scenario.minuteZero().partition());
            assertThat(dlq.awaitDeadLetter(codec.encode(retraction)).reason()).startsWith("late: window [" + T);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                scenario.store.row(WindowStore.aggregateId(901, T.plusSeconds(180), T.plusSeconds(240)))).get()
                .extracting(row -> row.result().lines()).as("the moved line counts in its new minute").isEqualTo(2L));
        WindowStore.Row minuteZero = scenario.minuteZero();
        assertThat(minuteZero.result().lines()).as("the closed minute still holds the line that moved away").isEqualTo(1);
        assertThat(minuteZero.version()).as("one change and the close").isEqualTo(2);
        assertThat(scenario.store.journalHas(lateInsert.getFirst().eventId()))
                .as("a late change is not journaled: a re-drive is judged anew").isFalse();
        assertThat(scenario.store.journalHas(retraction.eventId())).isFalse();
    }

    @Test
    void aChangeForAClosedWindowIsDroppedAndCountedWithLateDrop() {
        CompiledPipeline pipeline = pipelines.get("sales-late-drop").orElseThrow();
        Scenario scenario = closeMinuteZero(pipeline, 902);
        List<ChangeEvent> late = scenario.lines.insert(new Line(9023, 902, 7, "7.00", T.plusSeconds(20)));
        scenario.changes.send(late);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(metric("tally_aggregator_late_dropped_total", "sales-late-drop")).isEqualTo(1.0));
        assertThat(metric("tally_aggregator_dead_letters_total", "sales-late-drop")).isZero();
        assertThat(scenario.store.journalHas(late.getFirst().eventId())).isFalse();
        WindowStore.Row minuteZero = scenario.minuteZero();
        assertThat(minuteZero.result().lines()).isEqualTo(1);
        assertThat(minuteZero.version()).isEqualTo(2);
    }

    private record Scenario(OrderLines lines, ChangesTopic changes, WindowStore store, Line early, long product) {

        WindowStore.Row minuteZero() {
            return store.row(WindowStore.aggregateId(product, T, MINUTE_0_END)).orElseThrow();
        }
    }

    /** One line in minute 0, then one at minute 3: the watermark (minute 2) has closed minute 0. */
    private Scenario closeMinuteZero(CompiledPipeline pipeline, long product) {
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        WindowStore store = new WindowStore(endpoints.jdbcUrl("tally"), pipeline.name());
        Line early = new Line(product * 10 + 1, product, 2, "1.50", T.plusSeconds(10));
        changes.send(lines.insert(early));
        changes.send(lines.insert(new Line(product * 10 + 2, product, 1, "3.00", T.plusSeconds(180))));
        Scenario scenario = new Scenario(lines, changes, store, early, product);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(store.row(
                WindowStore.aggregateId(product, T, MINUTE_0_END))).get().extracting(WindowStore.Row::closed).isEqualTo(true));
        return scenario;
    }

    private static double metric(String name, String pipeline) {
        String prefix = name + "{pipeline=\"" + pipeline + "\"} ";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim()))
                .findFirst().orElse(0.0);
    }
}
