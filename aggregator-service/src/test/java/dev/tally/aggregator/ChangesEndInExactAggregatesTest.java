package dev.tally.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class ChangesEndInExactAggregatesTest extends OperatorApiTest {

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Test
    void insertsUpdatesKeyMovesAndDeletesEndInTheExpectedAggregates() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));

        Line first = new Line(1101, 101, 3, "2.50");
        Line second = new Line(1102, 101, 1, "4.00");
        Line cheapest = new Line(1103, 101, 2, "1.00");
        Line dearest = new Line(1105, 101, 1, "9.00");
        Line shortLived = new Line(1104, 103, 2, "3.00");
        List<ChangeEvent> events = new ArrayList<>();
        events.addAll(lines.insert(first));
        events.addAll(lines.insert(second));
        events.addAll(lines.insert(cheapest));
        events.addAll(lines.insert(shortLived));
        changes.send(events);
        events.clear();
        events.addAll(lines.update(second, second.withQuantity(5)));
        events.addAll(lines.delete(cheapest));
        events.addAll(lines.insert(dearest));
        events.addAll(lines.update(first, first.withProduct(102)));
        events.addAll(lines.delete(dearest));
        events.addAll(lines.delete(shortLived));
        changes.send(events);

        // 101: 3 inserts, the update, the delete of the cheapest, the dearest in and out, the move out.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(database.aggregate("[101]")).get().extracting(TallyDatabase.AggregateRow::version).isEqualTo(8L);
            assertThat(database.aggregate("[102]")).get().extracting(TallyDatabase.AggregateRow::version).isEqualTo(1L);
            assertThat(database.aggregate("[103]")).get().extracting(TallyDatabase.AggregateRow::version).isEqualTo(2L);
        });

        JsonNode remaining = single(ReadApi.byProduct(101, false));
        assertThat(remaining.path("aggregateId").asText()).isEqualTo("[101]");
        assertThat(remaining.path("key").path("product_id").asLong()).isEqualTo(101);
        assertThat(remaining.has("window")).isFalse();
        assertThat(remaining.path("rows").asLong()).isEqualTo(1);
        assertResults(remaining.path("aggregates"), 1, 5, "20.00", "4.00", "4.00");
        assertThat(remaining.path("aggregates").fieldNames()).toIterable().as("in declaration order")
                .containsExactly("lines", "units", "revenue", "min_price", "max_price");
        assertThat(database.aggregate("[101]").orElseThrow().results())
                .as("the table holds what the API shows").isEqualTo(remaining.path("aggregates"));

        JsonNode moved = single(ReadApi.byProduct(102, false));
        assertThat(moved.path("version").asLong()).isEqualTo(1);
        assertResults(moved.path("aggregates"), 1, 3, "7.50", "2.50", "2.50");

        assertThat(ReadApi.byProduct(103, false).path("items")).as("an emptied group is hidden by default").isEmpty();
        assertThat(ReadApi.byProduct(103, false).path("total").asLong()).isZero();
        JsonNode emptied = single(ReadApi.byProduct(103, true));
        assertThat(emptied.path("rows").asLong()).isZero();
        assertThat(emptied.path("version").asLong()).isEqualTo(2);
        assertThat(emptied.path("aggregates").path("lines").asLong()).isZero();
        assertThat(emptied.path("aggregates").path("units").isNull()).isTrue();
        assertThat(emptied.path("aggregates").path("min_price").isNull()).isTrue();
        TallyDatabase.AggregateRow emptiedRow = database.aggregate("[103]").orElseThrow();
        assertThat(emptiedRow.rows()).isZero();
        assertThat(emptiedRow.groupKey().path("product_id").asLong()).isEqualTo(103);

        JsonNode byId = ReadApi.json(ReadApi.byId("[101]").then().statusCode(200).extract().response());
        assertThat(byId).isEqualTo(remaining);
        assertThat(byId.path("updatedAt").asText()).isEqualTo(database.aggregate("[101]").orElseThrow().updatedAt().toString());
    }

    @Test
    void theReadApiRefusesUnknownPipelinesBadKeysAndMissingAggregates() {
        given().when().get("/api/pipelines/no-such-pipeline/aggregates")
                .then().statusCode(404).body("error", containsString("no pipeline named no-such-pipeline"));
        given().when().get("/api/pipelines/no-such-pipeline/aggregates/%5B1%5D")
                .then().statusCode(404).body("error", containsString("no pipeline named no-such-pipeline"));
        given().queryParam("key", "{product_id: 7").when().get(ReadApi.AGGREGATES)
                .then().statusCode(400).body("error", containsString("not JSON"));
        given().queryParam("key", "{\"product\":7}").when().get(ReadApi.AGGREGATES)
                .then().statusCode(400).body("error", containsString("'product' is not a key field"));
        given().queryParam("key", "{\"product_id\":\"seven\"}").when().get(ReadApi.AGGREGATES)
                .then().statusCode(400).body("error", containsString("key field 'product_id'"));
        given().queryParam("size", 0).when().get(ReadApi.AGGREGATES).then().statusCode(400);
        ReadApi.byId("[999999]").then().statusCode(404).body("error", containsString("no aggregate [999999]"));
    }

    private static JsonNode single(JsonNode page) {
        assertThat(page.path("items")).as("items of %s", page).hasSize(1);
        assertThat(page.path("total").asLong()).isEqualTo(1);
        return page.path("items").get(0);
    }

    private static void assertResults(JsonNode aggregates, long lines, long units, String revenue, String minPrice,
                                      String maxPrice) {
        assertThat(aggregates.path("lines").asLong()).as("lines in %s", aggregates).isEqualTo(lines);
        assertThat(aggregates.path("units").asLong()).as("units in %s", aggregates).isEqualTo(units);
        assertThat(new BigDecimal(aggregates.path("revenue").asText())).as("revenue in %s", aggregates)
                .isEqualByComparingTo(revenue);
        assertThat(new BigDecimal(aggregates.path("min_price").asText())).as("min_price in %s", aggregates)
                .isEqualByComparingTo(minPrice);
        assertThat(new BigDecimal(aggregates.path("max_price").asText())).as("max_price in %s", aggregates)
                .isEqualByComparingTo(maxPrice);
    }
}
