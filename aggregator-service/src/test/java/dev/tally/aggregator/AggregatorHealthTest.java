package dev.tally.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class AggregatorHealthTest {

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void reportsLiveAndReady() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void isNotReadyWhileOneBatchFailsOverAndOverAndReadyAgainOnceItPasses() throws Exception {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        // A store that refuses one aggregate: every try of the batch holding its change fails the same way.
        String refuse = "ALTER TABLE tally_aggregate ADD CONSTRAINT health_test_refuses CHECK (aggregate_id <> '[9901]') "
                + "NOT VALID";
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl("tally"));
             Statement statement = connection.createStatement()) {
            statement.execute(refuse);
            try {
                new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline)
                        .send(new OrderLines(pipeline).insert(new Line(990101, 9901, 2, "3.00")));

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                        .statusCode(503).body(containsString("retrying one batch"))
                        .body(containsString("health_test_refuses")));
                given().get("/q/health/live").then().statusCode(200);
            } finally {
                statement.execute("ALTER TABLE tally_aggregate DROP CONSTRAINT health_test_refuses");
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate("[9901]")).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(1L));
    }
}
