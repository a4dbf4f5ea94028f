package dev.tally.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A re-driven dead letter of one sink goes back to the aggregates topic addressed to that sink: the others skip it. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class RecordsAddressedToOneSinkReachOnlyThatSinkTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    StackEndpoints stack;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void eachSinkTakesTheRecordsAddressedToItAndThoseAddressedToNoSink() {
        CompiledPipeline pipeline = pipelines.get("addressed-sinks").orElseThrow();
        AggregateUpdateCodec codec = new AggregateUpdateCodec(pipeline);
        try (AggregatesProducer producer = new AggregatesProducer(stack.kafkaBootstrapServers())) {
            // One partition, so each sink reads the last record only after the others.
            producer.send(record(pipeline, codec, Updates.of(pipeline, null, 1, 1, Map.of("lines", 1L, "units", 1L), 1L),
                    "left"));
            producer.send(record(pipeline, codec, Updates.of(pipeline, null, 1, 1, Map.of("lines", 1L, "units", 2L), 2L),
                    "right"));
            producer.send(record(pipeline, codec, Updates.of(pipeline, null, 1, 1, Map.of("lines", 1L, "units", 3L), 3L),
                    null));
        }

        SinkDatabase sql = new SinkDatabase(stack);
        await("both sinks reached the last record").atMost(WAIT).untilAsserted(() -> {
            assertThat(products(sql, "addressed_left")).contains(3L);
            assertThat(products(sql, "addressed_right")).contains(3L);
        });
        assertThat(products(sql, "addressed_left")).containsExactly(1L, 3L);
        assertThat(products(sql, "addressed_right")).containsExactly(2L, 3L);
    }

    private static ProducerRecord<String, byte[]> record(CompiledPipeline pipeline, AggregateUpdateCodec codec,
                                                         AggregateUpdate update, String sink) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(pipeline.pipeline().aggregatesTopic(), 0,
                update.aggregateId(), codec.encode(update));
        if (sink != null) {
            record.headers().add(DeadLetter.ADDRESSED_SINK, sink.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static List<Long> products(SinkDatabase sql, String table) {
        return sql.query("SELECT product_id FROM " + table + " ORDER BY product_id").stream()
                .map(row -> ((Number) row.get("product_id")).longValue()).toList();
    }
}
