package dev.tally.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class CompensationRefusalsTest extends OperatorApiTest {

    private static final String KEY = "{\"product_id\": 701}";

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Test
    void badRequestsAreRefusedWithTheirReasonAndChangeNothing() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline)
                .send(new OrderLines(pipeline).insert(new Line(7101, 701, 1, "1.00")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[701]")).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(1L));
        JsonNode resultsBefore = database.aggregate("[701]").orElseThrow().results();

        refused(given().contentType(ContentType.JSON).body(adjust("r-pipeline", "{\"lines\": 1}"))
                .when().post("/api/pipelines/no-such-pipeline/compensations"), 404, "no pipeline named no-such-pipeline");
        refused("{", 400, "not JSON");
        refused("[]", 400, "JSON object");
        refused("{\"key\": " + KEY + ", \"adjust\": {\"lines\": 1}, \"reason\": \"r\"}", 400, "'id'");
        refused("{\"id\": \"r-no-reason\", \"key\": " + KEY + ", \"adjust\": {\"lines\": 1}}", 400, "'reason'");
        refused("{\"id\": \"r-both\", \"key\": " + KEY + ", \"adjust\": {\"lines\": 1}, \"reverseEventId\": \""
                + UUID.randomUUID() + "\", \"reason\": \"r\"}", 400, "not both");
        refused("{\"id\": \"r-extra\", \"key\": " + KEY + ", \"adjust\": {\"lines\": 1}, \"reason\": \"r\", \"by\": 1}",
                400, "unknown field 'by'");
        refused(adjust("r-empty", "{}"), 400, "non-empty object");
        refused(adjust("r-unknown", "{\"profit\": 1}"), 400, "no aggregate 'profit'");
        refused(adjust("r-min", "{\"min_price\": \"0.50\"}"), 400, "is a min, which cannot be adjusted by a delta");
        refused(adjust("r-max", "{\"max_price\": \"9.50\"}"), 400, "is a max, which cannot be adjusted by a delta");
        refused(adjust("r-fraction", "{\"units\": 1.5}"), 400, "whole number");
        refused(adjust("r-count-text", "{\"lines\": \"1\"}"), 400, "whole number");
        refused(adjust("r-decimal-number", "{\"revenue\": 1.5}"), 400, "decimal given as a string");
        refused(adjust("r-decimal-text", "{\"revenue\": \"1,5\"}"), 400, "decimal given as a string");
        refused(adjust("r-null", "{\"units\": null}"), 400, "whole number");
        refused("{\"id\": \"r-window\", \"key\": " + KEY + ", \"window\": {\"start\": \"2026-01-01T00:00:00Z\","
                + " \"end\": \"2026-01-01T01:00:00Z\"}, \"adjust\": {\"lines\": 1}, \"reason\": \"r\"}", 400, "has no windows");
        refused("{\"id\": \"r-key-field\", \"key\": {\"product\": 701}, \"adjust\": {\"lines\": 1}, \"reason\": \"r\"}",
                400, "'product' is not a key field");
        refused("{\"id\": \"r-key-type\", \"key\": {\"product_id\": \"x\"}, \"adjust\": {\"lines\": 1}, \"reason\": \"r\"}",
                400, "key field 'product_id'");
        refused("{\"id\": \"r-no-group\", \"key\": {\"product_id\": 799}, \"adjust\": {\"lines\": 1}, \"reason\": \"r\"}",
                404, "has no aggregate [799]");
        refused(adjust("r-negative", "{\"units\": 5, \"lines\": -2}"), 422, "negative");
        refused(adjust("r-overflow", "{\"units\": 9223372036854775807}"), 422, "range of a long");
        refused(reverse("r-not-uuid", "\"42\""), 400, "UUID");
        refused(reverse("r-unknown-event", "\"" + UUID.randomUUID() + "\""), 404, "no journal entry");
        refused(reverse("r-unknown-event-2", "\"" + UUID.randomUUID() + "\""), 404, "purged");

        TallyDatabase.AggregateRow after = database.aggregate("[701]").orElseThrow();
        assertThat(after.version()).as("no refused request changed the aggregate").isEqualTo(1);
        assertThat(after.results()).as("not even the delta before a refused one").isEqualTo(resultsBefore);
        for (JsonNode item : CompensationApi.list(1000).path("items")) {
            assertThat(item.path("id").asText()).as("refused requests leave no record").doesNotStartWith("r-");
        }
        assertThat(given().queryParam("size", 0).when().get(CompensationApi.COMPENSATIONS).then().statusCode(400)
                .extract().asString()).contains("size between 1 and 1000");
        assertThat(given().when().get("/api/pipelines/no-such-pipeline/compensations").then().statusCode(404)
                .extract().asString()).contains("no pipeline named no-such-pipeline");
    }

    private static String adjust(String id, String deltas) {
        return "{\"id\": \"" + id + "\", \"key\": " + KEY + ", \"adjust\": " + deltas + ", \"reason\": \"test\"}";
    }

    private static String reverse(String id, String eventId) {
        return "{\"id\": \"" + id + "\", \"reverseEventId\": " + eventId + ", \"reason\": \"test\"}";
    }

    private static void refused(String body, int status, String reason) {
        refused(CompensationApi.post(body), status, reason);
    }

    private static void refused(io.restassured.response.Response response, int status, String reason) {
        JsonNode error = ReadApi.json(response.then().statusCode(status).extract().response());
        assertThat(error.path("status").asInt()).isEqualTo(status);
        assertThat(error.path("error").asText()).contains(reason);
    }
}
