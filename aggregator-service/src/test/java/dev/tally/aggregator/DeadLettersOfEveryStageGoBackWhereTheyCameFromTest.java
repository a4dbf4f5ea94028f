package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.DeadLetters;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class DeadLettersOfEveryStageGoBackWhereTheyCameFromTest extends OperatorApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Inject
    DeadLetters deadLetters;

    @Test
    void anIngestDeadLetterGoesBackToItsRawTopicMarkedAsReDrivenForItsPipeline() throws Exception {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        String rawTopic = "dlq-test." + UUID.randomUUID() + ".public.order_lines";
        createTopic(rawTopic);
        String run = UUID.randomUUID().toString();
        byte[] rawValue = ("{\"payload\":{\"op\":\"x\",\"run\":\"" + run + "\"}}").getBytes(StandardCharsets.UTF_8);
        deadLetters.send(pipeline.name(), DeadLetter.Stage.INGEST, "cannot map the row", original(rawTopic, "{\"id\":1}",
                rawValue), Optional.empty()).await().atMost(WAIT);
        JsonNode ingest = DlqApi.find(DlqApi.withValue(new String(rawValue, StandardCharsets.UTF_8))).orElseThrow();

        JsonNode result = DlqApi.redriveEntries(ingest);

        JsonNode toRaw = DlqApi.in(result.path("redriven"), ingest).orElseThrow();
        assertThat(toRaw.path("stage").asText()).isEqualTo("ingest");
        assertThat(toRaw.path("targetTopic").asText()).isEqualTo(rawTopic);
        ConsumerRecord<byte[], byte[]> raw = awaitRecord(rawTopic, toRaw);
        assertThat(raw.value()).isEqualTo(rawValue);
        assertThat(new String(raw.key(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
        assertThat(headers(raw)).as("the original headers, without the dead letter's, marked as re-driven for its pipeline")
                .containsExactly(Map.entry("traceparent", "00-" + run),
                        Map.entry(DeadLetter.REDRIVEN_FOR, pipeline.name()));
    }

    @Test
    void aRecordThatIsNoDeadLetterIsListedWithItsProblemAndSkipped() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        String value = "{\"stray\":\"" + UUID.randomUUID() + "\"}";
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(Map.of(
                "bootstrap.servers", endpoints.kafkaBootstrapServers(),
                "key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(pipeline.pipeline().dlqTopic(), null,
                    value.getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode stray = await().atMost(WAIT).until(() -> DlqApi.find(DlqApi.withValue(value)), Optional::isPresent)
                .orElseThrow();
        assertThat(stray.path("problem").asText()).contains("not a Tally dead letter");
        assertThat(stray.has("stage")).isFalse();

        JsonNode result = DlqApi.redriveEntries(stray);

        assertThat(result.path("redriven")).isEmpty();
        assertThat(DlqApi.in(result.path("skipped"), stray).orElseThrow().path("reason").asText())
                .contains("cannot be re-driven", "not a Tally dead letter");
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndNothingIsRedriven() {
        DlqApi.redrive("").then().statusCode(400).body("error", containsString("\"all\": true"));
        DlqApi.redrive("{").then().statusCode(400).body("error", containsString("not a re-drive request"));
        DlqApi.redrive("{}").then().statusCode(400);
        DlqApi.redrive("{\"all\": false}").then().statusCode(400).body("error", containsString("re-drives nothing"));
        DlqApi.redrive("{\"all\": \"yes\"}").then().statusCode(400);
        DlqApi.redrive("{\"all\": true, \"entries\": []}").then().statusCode(400)
                .body("error", containsString("not both"));
        DlqApi.redrive("{\"entries\": []}").then().statusCode(400).body("error", containsString("empty"));
        DlqApi.redrive("{\"entries\": [{\"partition\": 0}]}").then().statusCode(400)
                .body("error", containsString("entries[0]"));
        DlqApi.redrive("{\"entries\": [{\"partition\": -1, \"offset\": 0}]}").then().statusCode(400);
        DlqApi.redrive("{\"entry\": [{\"partition\": 0, \"offset\": 0}]}").then().statusCode(400)
                .body("error", containsString("unknown field 'entry'"));
        DlqApi.redrive("{\"entries\": [{\"partition\": 0, \"offset\": 999999999}]}").then().statusCode(422)
                .body("error", containsString("offset 999999999 is not in partition 0"));
        DlqApi.redrive("{\"entries\": [{\"partition\": 999, \"offset\": 0}]}").then().statusCode(422)
                .body("error", containsString("partition 999 does not exist"));
        RestAssured.given().contentType(ContentType.JSON).body("{\"all\": true}")
                .when().post("/api/pipelines/no-such-pipeline/dlq/redrive")
                .then().statusCode(404).body("error", containsString("no pipeline named no-such-pipeline"));
    }

    private static ConsumerRecord<byte[], byte[]> original(String topic, String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", ("00-" + new String(value, StandardCharsets.UTF_8).replaceAll(".*\"run\":\"([^\"]+)\".*",
                "$1")).getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(topic, 0, 77L, System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, -1,
                key.getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    private ConsumerRecord<byte[], byte[]> awaitRecord(String topic, JsonNode redriven) {
        try (TopicRecords records = new TopicRecords(endpoints.kafkaBootstrapServers(), topic)) {
            return await().atMost(WAIT).until(() -> records.poll().stream()
                    .filter(r -> r.partition() == redriven.path("targetPartition").asInt()
                            && r.offset() == redriven.path("targetOffset").asLong())
                    .findFirst(), Optional::isPresent).orElseThrow();
        }
    }

    private static List<Map.Entry<String, String>> headers(ConsumerRecord<byte[], byte[]> record) {
        return java.util.stream.StreamSupport.stream(record.headers().spliterator(), false)
                .map((Header h) -> Map.entry(h.key(), new String(h.value(), StandardCharsets.UTF_8))).toList();
    }

    private void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
