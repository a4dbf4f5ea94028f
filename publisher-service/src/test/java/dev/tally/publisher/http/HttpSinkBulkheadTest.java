package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.publisher.AggregatesProducer;
import dev.tally.publisher.PublisherMetrics;
import dev.tally.publisher.SinkDatabase;
import dev.tally.publisher.Updates;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each sink consumes on its own: an endpoint that never answers holds back neither another endpoint nor SQL. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
@WithTestResource(HttpEndpoints.class)
class HttpSinkBulkheadTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PIPELINE = "http-bulkhead";
    private static final int PRODUCTS = 40;

    StackEndpoints stack;

    HttpEndpoints.Endpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void aHangingEndpointHoldsBackNeitherAnotherEndpointNorTheSqlSink() {
        CompiledPipeline pipeline = pipelines.get(PIPELINE).orElseThrow();
        try (AggregatesProducer producer = new AggregatesProducer(stack.kafkaBootstrapServers())) {
            for (long product = 1; product <= PRODUCTS; product++) {
                producer.send(pipeline, Updates.of(pipeline, null, 1, 1, Map.of("lines", 1L, "units", product),
                        product));
            }
        }

        SinkDatabase sql = new SinkDatabase(stack);
        await("every product at the healthy endpoint and in the SQL table").atMost(WAIT).untilAsserted(() -> {
            assertThat(endpoints.healthy.versionsByProduct()).hasSize(PRODUCTS);
            assertThat(sql.query("SELECT product_id FROM bulkhead_sales")).hasSize(PRODUCTS);
        });

        DeadLetterTopic dlq = new DeadLetterTopic(stack.kafkaBootstrapServers(), pipeline);
        assertThat(dlq.of("hanging")).as("records the hanging sink is done with").hasSizeLessThan(PRODUCTS);
        assertThat(meter("tally_sink_http_delivered_total", "healthy")).isEqualTo(PRODUCTS);
        assertThat(meter("tally_sink_rows_upserted_total", "sql")).isEqualTo(PRODUCTS);
        assertThat(meter("tally_sink_http_delivered_total", "hanging")).isZero();
        assertThat(endpoints.hanging.requests()).as("requests the hanging endpoint holds").isPositive();
        assertThat(endpoints.hanging.received()).isEmpty();

        List<DeadLetterTopic.Letter> letters = await("the hanging sink's first dead letters").atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1)).until(() -> dlq.of("hanging"), l -> !l.isEmpty());
        assertThat(letters.get(0).reason()).contains("HTTP sink 'hanging' gave up on 1 record", "after 2 attempts",
                "no answer within 2000 ms");
    }

    private static double meter(String name, String sink) {
        return PublisherMetrics.sinkMeter(name, PIPELINE, sink);
    }
}
