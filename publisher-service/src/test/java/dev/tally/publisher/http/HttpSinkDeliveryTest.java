package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.publisher.AggregatesProducer;
import dev.tally.publisher.PublisherMetrics;
import dev.tally.publisher.Updates;
import dev.tally.publisher.http.DeadLetterTopic.Letter;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Three HTTP sinks (one record per request, batches of 20, every version) against loopback endpoints that fail about
 * 30% of requests with 500, 503 and timeouts and answer some with 429 and Retry-After, and always refuse one product.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
@WithTestResource(HttpEndpoints.class)
class HttpSinkDeliveryTest {

    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String PIPELINE = "http-deliveries";
    private static final int PRODUCTS = 120;

    StackEndpoints stack;

    HttpEndpoints.Endpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void everyNewestVersionIsReceivedOrADeadLetterAndNoProductEverReceivesAnOlderVersionAfterANewerOne() {
        CompiledPipeline pipeline = pipelines.get(PIPELINE).orElseThrow();
        Map<Long, Long> newest = produceInWaves(pipeline);
        DeadLetterTopic dlq = new DeadLetterTopic(stack.kafkaBootstrapServers(), pipeline);

        awaitNewestEverywhere("single", endpoints.single, newest, dlq);
        awaitNewestEverywhere("batched", endpoints.batched, newest, dlq);
        await("every version of every product received or dead-lettered by sink 'every'").atMost(WAIT)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> missingVersions(newest, endpoints.every, dlq.of("every")).isEmpty());

        for (Receiver receiver : List.of(endpoints.single, endpoints.batched, endpoints.every)) {
            receiver.versionsByProduct().forEach((product, versions) -> assertThat(versions)
                    .as("versions product %d received, in order", product)
                    .isSortedAccordingTo(Comparator.naturalOrder()));
            assertThat(receiver.versionsByProduct()).doesNotContainKey(Behaviours.REFUSED_PRODUCT);
        }
        for (String sink : List.of("single", "batched", "every")) {
            assertThat(dlq.of(sink)).as("dead letters of sink %s", sink)
                    .anySatisfy(letter -> {
                        assertThat(letter.productId()).isEqualTo(Behaviours.REFUSED_PRODUCT);
                        assertThat(letter.reason()).contains("HTTP sink '" + sink + "' gave up on", "after 5 attempts",
                                "answered 500", "product 666 is refused by this receiver");
                    });
            assertThat(PublisherMetrics.sinkMeter("tally_sink_http_retries_total", PIPELINE, sink))
                    .as("retries of sink %s", sink).isPositive();
            assertThat(PublisherMetrics.sinkMeter("tally_sink_http_delivered_total", PIPELINE, sink))
                    .as("deliveries of sink %s", sink).isPositive();
            System.out.printf("http sink %s: %.0f versions delivered, %.0f requests retried, %d dead letters%n", sink,
                    PublisherMetrics.sinkMeter("tally_sink_http_delivered_total", PIPELINE, sink),
                    PublisherMetrics.sinkMeter("tally_sink_http_retries_total", PIPELINE, sink), dlq.of(sink).size());
        }
        assertThat(endpoints.single.received()).allSatisfy(received -> {
            assertThat(received.header("Idempotency-Key")).isEqualTo(PIPELINE + "/single/[" + received.productId()
                    + "]:" + received.version());
            assertThat(received.header("Content-Type")).isEqualTo("application/json");
            assertThat(received.header("X-Test")).isEqualTo("deliveries");
            assertThat(received.record().fieldNames()).toIterable()
                    .containsExactly("product_id", "lines", "units", "revenue", "version");
        });
        assertThat(endpoints.batched.received()).allSatisfy(received ->
                assertThat(received.header("Idempotency-Key")).matches("sha256:[0-9a-f]{64}|http-deliveries/batched/\\[\\d+]:\\d+"));
    }

    /**
     * Sends versions 1.. of each product in waves (a product p has {@code 1 + p % 5} versions), each wave shuffled,
     * while the sinks are already consuming; returns the newest version of each product.
     */
    private Map<Long, Long> produceInWaves(CompiledPipeline pipeline) {
        Map<Long, Long> newest = new TreeMap<>();
        for (long product = 1; product <= PRODUCTS; product++) {
            newest.put(product, 1 + product % 5);
        }
        newest.put(Behaviours.REFUSED_PRODUCT, 3L);
        Random random = new Random(42);
        try (AggregatesProducer producer = new AggregatesProducer(stack.kafkaBootstrapServers())) {
            for (long version = 1; version <= 5; version++) {
                List<Long> wave = new ArrayList<>();
                for (Map.Entry<Long, Long> product : newest.entrySet()) {
                    if (product.getValue() >= version) {
                        wave.add(product.getKey());
                    }
                }
                Collections.shuffle(wave, random);
                for (long product : wave) {
                    producer.send(pipeline, update(pipeline, product, version));
                }
            }
        }
        return newest;
    }

    private static AggregateUpdate update(CompiledPipeline pipeline, long product, long version) {
        return Updates.of(pipeline, null, version, version, Map.of("lines", version, "units", 10 * version,
                "revenue", new BigDecimal("2.50").multiply(BigDecimal.valueOf(version))), product);
    }

    private static void awaitNewestEverywhere(String sink, Receiver receiver, Map<Long, Long> newest,
                                              DeadLetterTopic dlq) {
        await("the newest version of every product received or dead-lettered by sink '" + sink + "'").atMost(WAIT)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> missingNewest(newest, receiver, dlq.of(sink)).isEmpty());
    }

    /** Products whose newest version the receiver did not get and no dead letter holds. */
    private static Set<Long> missingNewest(Map<Long, Long> newest, Receiver receiver, List<Letter> letters) {
        Map<Long, List<Long>> received = receiver.versionsByProduct();
        Set<Long> missing = new HashSet<>();
        newest.forEach((product, version) -> {
            boolean arrived = received.getOrDefault(product, List.of()).contains(version);
            boolean dead = letters.stream().anyMatch(l -> l.productId() == product && l.update().version() == version);
            if (!arrived && !dead) {
                missing.add(product);
            }
        });
        return missing;
    }

    /** Product and version pairs the receiver did not get and no dead letter holds. */
    private static Map<Long, List<Long>> missingVersions(Map<Long, Long> newest, Receiver receiver,
                                                         List<Letter> letters) {
        Map<Long, List<Long>> received = receiver.versionsByProduct();
        Map<Long, List<Long>> missing = new LinkedHashMap<>();
        newest.forEach((product, last) -> {
            for (long version = 1; version <= last; version++) {
                long v = version;
                boolean arrived = received.getOrDefault(product, List.of()).contains(v);
                boolean dead = letters.stream().anyMatch(l -> l.productId() == product && l.update().version() == v);
                if (!arrived && !dead) {
                    missing.computeIfAbsent(product, p -> new ArrayList<>()).add(v);
                }
            }
        });
        return missing;
    }
}
