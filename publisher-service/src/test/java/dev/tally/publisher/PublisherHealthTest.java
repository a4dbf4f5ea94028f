package dev.tally.publisher;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.tally.localstack.testing.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class PublisherHealthTest {

    @Test
    void reportsLiveAndReadyOnceEverySinkLoopPolls() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        await("readiness").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                        .body("checks.find { it.name == 'consumer loops polling' }.data.'sink-sales-by-product-sql'",
                                startsWith("polled")));
    }
}
