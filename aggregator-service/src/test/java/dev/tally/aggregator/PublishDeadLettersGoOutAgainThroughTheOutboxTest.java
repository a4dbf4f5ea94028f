package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.LocalStackProcess;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.DeadLetters;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The aggregates topic is compacted: what a new or reset sink sees of an aggregate is its last record. A re-driven
 * publish dead letter therefore goes out again through the outbox, and only while its version is the aggregate's
 * current one: the last record stays the newest version, readable by every sink; an older version is skipped.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class PublishDeadLettersGoOutAgainThroughTheOutboxTest extends OperatorApiTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String KEY = "[9401]";

    StackEndpoints endpoints;
    LocalStackProcess stack;

    @Inject
    PipelineRegistry pipelines;

    @Inject
    DeadLetters deadLetters;

    @Test
    void theCurrentVersionGoesOutAgainForEverySinkAndAnOlderOneIsSkippedAsSuperseded() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        AggregateUpdateCodec codec = new AggregateUpdateCodec(pipeline);
        OrderLines lines = new OrderLines(pipeline);
        stack.registerConnector("tally-outbox");
        String sink = pipeline.pipeline().sinks().getFirst().name();

        try (TopicRecords published = new TopicRecords(endpoints.kafkaBootstrapServers(),
                pipeline.pipeline().aggregatesTopic())) {
            Line first = new Line(9411, 9401, 2, "1.50");
            Line second = new Line(9412, 9401, 3, "2.00");
            new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline).send(lines.insert(first));
            ConsumerRecord<byte[], byte[]> older = awaitLast(published, codec, 1);
            new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline).send(lines.insert(second));
            ConsumerRecord<byte[], byte[]> current = awaitLast(published, codec, 2);

            deadLetters.send(pipeline.name(), DeadLetter.Stage.PUBLISH, "the endpoint answered 400", older,
                    Optional.of(sink)).await().atMost(WAIT);
            deadLetters.send(pipeline.name(), DeadLetter.Stage.PUBLISH, "the endpoint answered 503", current,
                    Optional.of(sink)).await().atMost(WAIT);
            String olderValue = new String(older.value(), StandardCharsets.UTF_8);
            String currentValue = new String(current.value(), StandardCharsets.UTF_8);
            JsonNode olderEntry = await().atMost(WAIT).until(() -> DlqApi.find(DlqApi.withValue(olderValue)),
                    Optional::isPresent).orElseThrow();
            JsonNode currentEntry = await().atMost(WAIT).until(() -> DlqApi.find(DlqApi.withValue(currentValue)),
                    Optional::isPresent).orElseThrow();

            JsonNode result = DlqApi.redriveEntries(olderEntry, currentEntry);

            assertThat(DlqApi.in(result.path("skipped"), olderEntry).orElseThrow().path("reason").asText())
                    .contains("superseded", "version 2");
            JsonNode redriven = DlqApi.in(result.path("redriven"), currentEntry).orElseThrow();
            assertThat(redriven.path("stage").asText()).isEqualTo("publish");
            assertThat(redriven.path("targetTopic").asText()).isEqualTo(pipeline.pipeline().aggregatesTopic());

            await("version 2 published again, as the aggregate's last record").atMost(WAIT).untilAsserted(() -> {
                List<ConsumerRecord<byte[], byte[]>> ofKey = ofKey(published.poll());
                assertThat(ofKey).hasSizeGreaterThanOrEqualTo(3);
                ConsumerRecord<byte[], byte[]> last = ofKey.getLast();
                assertThat(codec.decode(last.value()).version()).isEqualTo(2);
                assertThat(last.headers()).as("an outbox record like any other: no dead letter's or re-drive's "
                        + "header, addressed to no one sink").noneMatch(h -> h.key().startsWith("tally."));
            });
            assertThat(ofKey(published.poll())).extracting(r -> codec.decode(r.value()).version())
                    .as("versions published, in order").containsExactly(1L, 2L, 2L);
        }
    }

    private static ConsumerRecord<byte[], byte[]> awaitLast(TopicRecords published, AggregateUpdateCodec codec,
                                                            long version) {
        return await("version " + version + " of " + KEY + " published").atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ofKey(published.poll()).stream()
                        .filter(r -> codec.decode(r.value()).version() == version).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static List<ConsumerRecord<byte[], byte[]>> ofKey(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> ofKey = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() != null && KEY.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                ofKey.add(record);
            }
        }
        return ofKey;
    }
}
