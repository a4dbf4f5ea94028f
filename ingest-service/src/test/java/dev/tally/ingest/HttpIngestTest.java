package dev.tally.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.tally.localstack.DevTokens;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.event.GroupKey;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/pipelines/{pipeline}/events}: rows and envelopes of http sources become change events, all or nothing. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "source"))
class HttpIngestTest {

    private static final String TOTE = "tally.tote-pools.changes";
    /** Each test bets on races of its own. */
    private static final AtomicLong RACES = new AtomicLong(100);

    StackEndpoints endpoints;
    DevTokens tokens;

    @BeforeEach
    void authenticate() {
        RestAssured.authentication = RestAssured.oauth2(tokens.operator());
    }

    @AfterEach
    void forgetAuthentication() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }

    @Inject
    IngestPipelines pipelines;

    @Test
    void postedRowsAreAcceptedOnceTheirEventsAreOnTheChangesTopic() {
        long race = RACES.incrementAndGet();
        List<String> ids = post("tote-pools", null, "[{\"race_id\":" + race + ",\"runner\":1,\"stake\":12345678901234567.89},"
                + "{\"race_id\":" + race + ",\"runner\":2,\"stake\":0.10}]")
                .statusCode(202).body("accepted", is(2)).body("eventIds", hasSize(2))
                .extract().jsonPath().getList("eventIds", String.class);

        Map<String, ChangeEvent> events = toteEvents(ids);

        ChangeEvent first = events.get(ids.get(0));
        assertThat(first.key()).isEqualTo(new GroupKey(List.of(race, 1L)));
        assertThat(first.before()).isNull();
        assertThat(first.after()).containsEntry("bets", 1L)
                .containsEntry("stake", new BigDecimal("12345678901234567.89"));
        assertThat(first.source()).isEqualTo("bets");
        ChangeEvent second = events.get(ids.get(1));
        assertThat(second.key()).isEqualTo(new GroupKey(List.of(race, 2L)));
        assertThat(second.after()).containsEntry("stake", new BigDecimal("0.10"));
    }

    @Test
    void envelopeUpdateThatMovesABetRetractsFromTheOldRunnerAndAddsToTheNew() {
        long race = RACES.incrementAndGet();
        List<String> ids = post("tote-pools", null, "{\"op\":\"u\",\"id\":\"bet-" + race + "-moved\",\"key\":{\"bet\":17},"
                + "\"before\":{\"race_id\":" + race + ",\"runner\":1,\"stake\":5},"
                + "\"after\":{\"race_id\":" + race + ",\"runner\":3,\"stake\":5}}")
                .statusCode(202).body("accepted", is(1)).body("eventIds", hasSize(2))
                .extract().jsonPath().getList("eventIds", String.class);

        Map<String, ChangeEvent> events = toteEvents(ids);

        ChangeEvent retraction = events.get(ids.get(0));
        assertThat(retraction.key()).isEqualTo(new GroupKey(List.of(race, 1L)));
        assertThat(retraction.before()).containsEntry("bets", 1L).containsEntry("stake", new BigDecimal("5"));
        assertThat(retraction.after()).isNull();
        ChangeEvent addition = events.get(ids.get(1));
        assertThat(addition.key()).isEqualTo(new GroupKey(List.of(race, 3L)));
        assertThat(addition.before()).isNull();
        assertThat(addition.after()).containsEntry("bets", 1L).containsEntry("stake", new BigDecimal("5"));
        assertThat(retraction.rowKey()).isEqualTo(addition.rowKey()).contains("bet=17");
    }

    @Test
    void sameIdempotencyKeyGivesTheSameEventIds() {
        long race = RACES.incrementAndGet();
        String body = "[{\"race_id\":" + race + ",\"runner\":4,\"stake\":2.5},{\"race_id\":" + race + ",\"runner\":5,\"stake\":1}]";
        String key = "slip-" + UUID.randomUUID();

        List<String> first = post("tote-pools", key, body).statusCode(202).extract().jsonPath().getList("eventIds", String.class);
        List<String> again = post("tote-pools", key, body).statusCode(202).extract().jsonPath().getList("eventIds", String.class);
        List<String> otherKey = post("tote-pools", key + "-other", body).statusCode(202)
                .extract().jsonPath().getList("eventIds", String.class);
        List<String> noKey = post("tote-pools", null, body).statusCode(202).extract().jsonPath().getList("eventIds", String.class);

        assertThat(first).hasSize(2).doesNotHaveDuplicates();
        assertThat(again).isEqualTo(first);
        assertThat(otherKey).doesNotContainAnyElementsOf(first);
        assertThat(noKey).doesNotContainAnyElementsOf(first);
        assertThat(toteEvents(first).get(first.get(0)).position()).isEqualTo("http:id=" + key + "#0");
    }

    @Test
    void badFieldTypeAndMissingColumnAreRefusedWithTheirIndexAndNothingIsSent() {
        long race = RACES.incrementAndGet();
        post("tote-pools", "refused-" + race, "[{\"race_id\":" + race + ",\"runner\":1,\"stake\":3},"
                + "{\"race_id\":\"seven\",\"runner\":1,\"stake\":3},"
                + "{\"race_id\":" + race + ",\"runner\":1}]")
                .statusCode(400)
                .body("errors", hasSize(2))
                .body("errors[0].index", is(1))
                .body("errors[0].error", containsString("column 'race_id' of bets (after): 'seven' (String) is not a long"))
                .body("errors[1].index", is(2))
                .body("errors[1].error", containsString("column 'stake' is missing from the after image of bets"));

        // A later change of the same group lands on the same partition after anything sent before it.
        String marker = post("tote-pools", null, "{\"race_id\":" + race + ",\"runner\":1,\"stake\":9}")
                .statusCode(202).extract().jsonPath().getList("eventIds", String.class).getFirst();
        byte[] groupKey = new GroupKey(List.of(race, 1L)).encoded().getBytes(StandardCharsets.UTF_8);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), TOTE)) {
            ChangeEvent firstOfGroup = codec("tote-pools").decode(
                    reader.await(r -> Arrays.equals(groupKey, r.key()), 1).getFirst().value());
            assertThat(firstOfGroup.eventId()).isEqualTo(marker);
        }
    }

    @Test
    void malformedBodiesAndEnvelopesAreRefusedWithTheReason() {
        post("tote-pools", null, "{\"race_id\": 1,").statusCode(400)
                .body("errors[0].index", nullValue()).body("errors[0].error", containsString("the body is not JSON"));
        post("tote-pools", null, "[{\"op\":\"x\",\"after\":{\"race_id\":1,\"runner\":1,\"stake\":1}},"
                + "{\"op\":\"u\",\"after\":{\"race_id\":1,\"runner\":1,\"stake\":1}}, 42]").statusCode(400)
                .body("errors", hasSize(3))
                .body("errors[0].error", containsString("envelope field 'op' is \"x\""))
                .body("errors[1].error", containsString("an update ('u') needs 'before'"))
                .body("errors[2].error", containsString("the element is a number, not an object"));
    }

    @Test
    void unknownPipelineIs404() {
        post("no-such-pipeline", null, "{\"race_id\":1,\"runner\":1,\"stake\":1}").statusCode(404)
                .body("errors[0].error", containsString("there is no pipeline 'no-such-pipeline'"));
    }

    @Test
    void postingNeedsATokenForThisAudienceWithTheProducerOrOperatorRole() {
        String body = "{\"race_id\":" + RACES.incrementAndGet() + ",\"runner\":1,\"stake\":1}";
        given().auth().none().contentType(ContentType.JSON).body(body).post("/api/pipelines/tote-pools/events")
                .then().statusCode(401);
        given().auth().oauth2(DevTokens.ephemeral().operator()).contentType(ContentType.JSON).body(body)
                .post("/api/pipelines/tote-pools/events").then().statusCode(401);
        for (String audience : new String[] {"another-application", null}) {
            given().auth().oauth2(tokens.token("local-producer", DevTokens.PRODUCER_ROLE, Duration.ofMinutes(5),
                    audience)).contentType(ContentType.JSON).body(body)
                    .post("/api/pipelines/tote-pools/events").then().statusCode(401);
        }
        given().auth().oauth2(tokens.viewer()).contentType(ContentType.JSON).body(body)
                .post("/api/pipelines/tote-pools/events").then().statusCode(403);
        given().auth().oauth2(tokens.producer()).contentType(ContentType.JSON).body(body)
                .post("/api/pipelines/tote-pools/events").then().statusCode(202);
    }

    @Test
    void pipelineWithoutHttpSourceIs400WithTheReason() {
        post("sales-by-product", null, "{\"product_id\":1,\"quantity\":1,\"unit_price\":1}").statusCode(400)
                .body("errors[0].error", containsString("pipeline 'sales-by-product' has no http source"));
    }

    @Test
    void keysTheStoreCannotHoldAreRefusedWithTheReason() {
        String tooLong = "s".repeat(2000);
        given().contentType(ContentType.JSON).queryParam("source", "tills")
                .body("[{\"store\":\"north\\u0000\",\"amount\":1}, {\"store\":\"" + tooLong + "\",\"amount\":1}]")
                .post("/api/pipelines/store-takings/events")
                .then().statusCode(400)
                .body("errors", hasSize(2))
                .body("errors[0].index", is(0))
                .body("errors[0].error", containsString("group key field 'store' holds U+0000 (NUL)"))
                .body("errors[1].index", is(1))
                .body("errors[1].error", containsString("the group key takes 2004 bytes as JSON, more than the 1024"));

        given().contentType(ContentType.JSON).queryParam("source", "tills")
                .body("{\"store\":\"" + "s".repeat(300) + "\",\"amount\":1}")
                .post("/api/pipelines/store-takings/events")
                .then().statusCode(202).body("accepted", is(1));
    }

    @Test
    void pipelineWithSeveralHttpSourcesNeedsTheSourceParameter() {
        given().contentType(ContentType.JSON).body("{\"store\":\"north\",\"amount\":10}")
                .post("/api/pipelines/store-takings/events")
                .then().statusCode(400)
                .body("errors[0].error", containsString("has several http sources (tills, web-shop)"));

        String id = given().contentType(ContentType.JSON).body("{\"store_code\":\"north\",\"total\":12.30}")
                .queryParam("source", "web-shop")
                .post("/api/pipelines/store-takings/events")
                .then().statusCode(202).body("accepted", is(1))
                .extract().jsonPath().getList("eventIds", String.class).getFirst();

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), "tally.store-takings.changes")) {
            ChangeEventCodec codec = codec("store-takings");
            ChangeEvent event = codec.decode(reader.await(r -> codec.decode(r.value()).eventId().equals(id), 1)
                    .getFirst().value());
            assertThat(event.source()).isEqualTo("web-shop");
            assertThat(event.key()).isEqualTo(new GroupKey(List.of("north")));
            assertThat(event.after()).containsEntry("takings", new BigDecimal("12.30"));
        }
    }

    @Test
    void metricsCountAcceptedAndRefusedElements() {
        double accepted = httpEvents("accepted");
        double refused = httpEvents("refused");
        long race = RACES.incrementAndGet();

        post("tote-pools", null, "[{\"race_id\":" + race + ",\"runner\":1,\"stake\":1},{\"race_id\":" + race
                + ",\"runner\":2,\"stake\":1}]").statusCode(202);
        post("tote-pools", null, "[{\"race_id\":" + race + ",\"runner\":1},{\"race_id\":" + race
                + ",\"runner\":2},{\"race_id\":" + race + ",\"runner\":3}]").statusCode(400);

        assertThat(httpEvents("accepted")).isEqualTo(accepted + 2);
        assertThat(httpEvents("refused")).isEqualTo(refused + 3);
    }

    private static ValidatableResponse post(String pipeline, String idempotencyKey, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/pipelines/" + pipeline + "/events").then();
    }

    private Map<String, ChangeEvent> toteEvents(List<String> ids) {
        ChangeEventCodec codec = codec("tote-pools");
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), TOTE)) {
            List<ConsumerRecord<byte[], byte[]>> records = reader.await(r -> ids.contains(codec.decode(r.value()).eventId()),
                    ids.size());
            return records.stream().map(r -> codec.decode(r.value()))
                    .collect(Collectors.toMap(ChangeEvent::eventId, e -> e, (a, b) -> a));
        }
    }

    private ChangeEventCodec codec(String pipeline) {
        return new ChangeEventCodec(pipelines.get(pipeline).orElseThrow().definition());
    }

    private static double httpEvents(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("tally_ingest_http_events_total{") && line.contains("pipeline=\"tote-pools\"")
                        && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
