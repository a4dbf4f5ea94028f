package dev.tally.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.service.BatchConsumerLoop;
import dev.tally.service.KafkaClients;
import dev.tally.service.TopicAdmin;
import dev.tally.service.TopicAdmin.TopicSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A batch may take longer than {@code max.poll.interval.ms} (an HTTP sink retrying a slow endpoint): the consumer loop
 * stays in its group meanwhile, so the batch is handled once and committed.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class SlowBatchTest {

    private static final String TOPIC = "tally.slow-batch-test.records";
    private static final String GROUP = "slow-batch-test";

    StackEndpoints endpoints;

    @Inject
    KafkaClients kafka;

    @Inject
    TopicAdmin topics;

    @Inject
    MeterRegistry registry;

    @Test
    void aBatchSlowerThanTheMaxPollIntervalIsHandledOnceAndCommitted() throws Exception {
        topics.ensure(List.of(new TopicSpec(TOPIC, false)));
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.sendRaw(TOPIC, "k", "slow".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> consumer = kafka.consumer(GROUP, 10);
        consumer.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_000);
        AtomicInteger calls = new AtomicInteger();
        try (BatchConsumerLoop loop = new BatchConsumerLoop("slow-batch-test", consumer, Set.of(TOPIC), batch -> {
            calls.incrementAndGet();
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(4));
        }, registry); Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()))) {
            loop.start();
            await("the slow batch committed").atMost(Duration.ofSeconds(60)).until(() -> committed(admin) == 1);
        }

        assertThat(calls.get()).as("times the batch was handled").isEqualTo(1);
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
