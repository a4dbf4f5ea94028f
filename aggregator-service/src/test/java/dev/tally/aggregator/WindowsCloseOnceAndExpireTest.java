package dev.tally.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.LocalStackProcess;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Pipeline {@code sales-closing}: 1-minute windows, 1 minute of grace, 2 minutes of retention. When the watermark of
 * a partition passes a window's end, the window's final version goes out once through the outbox as WindowClosed;
 * when it passes the end by the retention, the row leaves {@code tally_aggregate} and does not come back.
 */
@QuarkusTest
@TestProfile(WindowPipelines.class)
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class WindowsCloseOnceAndExpireTest extends OperatorApiTest {

    private static final long PRODUCT = 801;
    private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    private static final String MINUTE_0 = WindowStore.aggregateId(PRODUCT, T, T.plusSeconds(60));
    private static final String MINUTE_2 = WindowStore.aggregateId(PRODUCT, T.plusSeconds(120), T.plusSeconds(180));

    StackEndpoints endpoints;
    LocalStackProcess stack;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void aWindowIsClosedOnceWithItsFinalResultsAndExpiresAfterItsRetention() {
        CompiledPipeline pipeline = pipelines.get("sales-closing").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        WindowStore store = new WindowStore(endpoints.jdbcUrl("tally"), pipeline.name());
        AggregateUpdateCodec codec = new AggregateUpdateCodec(pipeline);
        stack.registerConnector("tally-outbox");

        try (TopicRecords published = new TopicRecords(endpoints.kafkaBootstrapServers(),
                pipeline.pipeline().aggregatesTopic());
             TopicRecords dlq = new TopicRecords(endpoints.kafkaBootstrapServers(), pipeline.pipeline().dlqTopic())) {
            Line first = new Line(8011, PRODUCT, 2, "1.50", T.plusSeconds(10));
            List<ChangeEvent> round = new ArrayList<>(lines.insert(first));
            round.addAll(lines.insert(new Line(8012, PRODUCT, 3, "2.00", T.plusSeconds(20))));
            changes.send(round);
            awaitVersion(store, MINUTE_0, 2);
            assertThat(store.row(MINUTE_0).orElseThrow().closed()).isFalse();

            // Watermark 12:01:30: minute 0 closes.
            changes.send(lines.insert(new Line(8013, PRODUCT, 1, "4.00", T.plusSeconds(150))));
            awaitVersion(store, MINUTE_0, 3);
            WindowStore.Row closed = store.row(MINUTE_0).orElseThrow();
            assertThat(closed.closed()).isTrue();
            assertThat(store.values(MINUTE_0)).as("its min and max values are kept apart").isPositive();
            assertThat(closed.result().lines()).isEqualTo(2);
            assertThat(closed.result().revenue()).isEqualByComparingTo("9.00");
            given().pathParam("id", MINUTE_0).when().get("/api/pipelines/sales-closing/aggregates/{id}")
                    .then().statusCode(200).body("window.closed", is(true)).body("version", is(3))
                    .body("window.start", is(T.toString()));

            // Watermarks 12:01:40 and 12:02:05 pass minute 0 again: it is not closed a second time.
            changes.send(lines.insert(new Line(8014, PRODUCT, 1, "5.00", T.plusSeconds(160))));
            changes.send(lines.insert(new Line(8015, PRODUCT, 1, "6.00", T.plusSeconds(185))));
            awaitVersion(store, WindowStore.aggregateId(PRODUCT, T.plusSeconds(180), T.plusSeconds(240)), 1);
            assertThat(store.row(MINUTE_0).orElseThrow().version()).isEqualTo(3);
            long minuteTwoVersion = store.row(MINUTE_2).orElseThrow().version();

            // Watermark 12:03:10: minute 2 closes, minute 0 (end 12:01 + 2m retention) expires.
            changes.send(lines.insert(new Line(8016, PRODUCT, 1, "7.00", T.plusSeconds(250))));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(store.row(MINUTE_0)).isEmpty());
            assertThat(store.values(MINUTE_0)).as("an expired window's min and max values go with it").isZero();
            WindowStore.Row minuteTwo = store.row(MINUTE_2).orElseThrow();
            assertThat(minuteTwo.closed()).isTrue();
            assertThat(minuteTwo.version()).isEqualTo(minuteTwoVersion + 1);

            List<AggregateUpdate> minuteZero = awaitPublished(published, codec, MINUTE_0, 3);
            List<AggregateUpdate> closings = minuteZero.stream()
                    .filter(u -> u.type() == AggregateUpdate.Type.WINDOW_CLOSED).toList();
            assertThat(closings).as("WindowClosed of %s", MINUTE_0).hasSize(1);
            AggregateUpdate windowClosed = closings.getFirst();
            AggregateUpdate last = minuteZero.get(minuteZero.size() - 2);
            assertThat(windowClosed).isEqualTo(minuteZero.getLast());
            assertThat(windowClosed.version()).isEqualTo(last.version() + 1).isEqualTo(3);
            assertThat(windowClosed.aggregates()).isEqualTo(last.aggregates());
            assertThat(windowClosed.rows()).isEqualTo(2);
            assertThat(windowClosed.window()).isEqualTo(last.window());
            assertThat((BigDecimal) windowClosed.aggregates().get("revenue")).isEqualByComparingTo("9.00");
            List<AggregateUpdate> minuteTwoUpdates = awaitPublished(published, codec, MINUTE_2, minuteTwoVersion + 1);
            assertThat(minuteTwoUpdates.stream().filter(u -> u.type() == AggregateUpdate.Type.WINDOW_CLOSED))
                    .hasSize(1);
            assertThat(awaitPublished(published, codec, MINUTE_0, 3)).as("no version follows the close")
                    .isEqualTo(minuteZero);
            // The aggregates topic is compacted: a tombstone lets compaction drop the expired window for good.
            await("a tombstone for the expired " + MINUTE_0).atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                List<ConsumerRecord<byte[], byte[]>> ofKey = published.poll().stream().filter(record ->
                        MINUTE_0.equals(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8)))
                        .toList();
                assertThat(ofKey.getLast().value()).as("the last record of %s", MINUTE_0).isNull();
                assertThat(new String(ofKey.getLast().headers().lastHeader("eventType").value(),
                        StandardCharsets.UTF_8)).isEqualTo("AggregateExpired");
            });
            assertThat(awaitPublished(published, codec, MINUTE_2, minuteTwoVersion + 1)).as("minute 2 stays")
                    .isNotEmpty();

            // A change for the expired minute is late: it does not bring the aggregate back.
            List<ChangeEvent> late = lines.delete(first);
            changes.send(late);
            assertThat(dlq.awaitDeadLetter(new ChangeEventCodec(pipeline).encode(late.getFirst())).reason())
                    .startsWith("late: window [" + T + ", " + T.plusSeconds(60) + ")");
            assertThat(store.row(MINUTE_0)).as("an expired window stays gone").isEmpty();
        }
    }

    private static void awaitVersion(WindowStore store, String aggregateId, long version) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(store.row(aggregateId)).get()
                .extracting(WindowStore.Row::version).isEqualTo(version));
    }

    /** The published versions of one aggregate, once the newest is {@code version}. */
    private static List<AggregateUpdate> awaitPublished(TopicRecords published, AggregateUpdateCodec codec,
                                                        String aggregateId, long version) {
        List<AggregateUpdate> updates = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            updates.clear();
            for (ConsumerRecord<byte[], byte[]> record : published.poll()) {
                if (record.key() != null && record.value() != null
                        && aggregateId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    AggregateUpdate update = codec.decode(record.value());
                    String eventType = new String(record.headers().lastHeader("eventType").value(), StandardCharsets.UTF_8);
                    assertThat(eventType).isEqualTo(update.type().eventType());
                    updates.add(update);
                }
            }
            assertThat(updates).isNotEmpty();
            assertThat(updates.getLast().version()).isEqualTo(version);
        });
        return List.copyOf(updates);
    }
}
