package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SinkDefinition;
import dev.tally.publisher.AggregatesProducer;
import dev.tally.publisher.Sink;
import dev.tally.publisher.SinkMetrics;
import dev.tally.publisher.Updates;
import dev.tally.service.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an HTTP sink delivered is kept beside the sink table, not in the sink object: a second publisher instance, or
 * the same one after a crash (its consumer replaying from the last committed offset), never sends a receiver an older
 * version of an aggregate than one it delivered.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
@WithTestResource(HttpEndpoints.class)
class HttpSinkGuardOutlivesTheSinkTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PIPELINE = "http-restarts";

    StackEndpoints stack;

    HttpEndpoints.Endpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Inject
    HttpSinkFactory factory;

    @Inject
    MeterRegistry registry;

    @Test
    void aFreshSinkNeverSendsAnOlderVersionThanOneDeliveredAndSendsTheNextOne() {
        CompiledPipeline pipeline = pipelines.get(PIPELINE).orElseThrow();
        try (AggregatesProducer producer = new AggregatesProducer(stack.kafkaBootstrapServers())) {
            producer.send(pipeline, update(pipeline, 6));
        }
        await("version 6 delivered by the running sink").atMost(WAIT)
                .until(() -> endpoints.steady.versionsByProduct().getOrDefault(1L, List.of()).contains(6L));

        SinkDefinition steady = pipeline.pipeline().sinks().getFirst();
        Sink restarted = factory.create(pipeline, steady, new SinkMetrics(registry, PIPELINE, steady.name()));
        restarted.write(List.of(update(pipeline, 5))).await().atMost(WAIT);
        restarted.write(List.of(update(pipeline, 6))).await().atMost(WAIT);
        restarted.write(List.of(update(pipeline, 7))).await().atMost(WAIT);

        assertThat(endpoints.steady.versionsByProduct().get(1L)).as("versions product 1 received, in order")
                .containsExactly(6L, 7L);
    }

    private static AggregateUpdate update(CompiledPipeline pipeline, long version) {
        return Updates.of(pipeline, null, version, version, Map.of("lines", version, "units", 10 * version), 1L);
    }
}
