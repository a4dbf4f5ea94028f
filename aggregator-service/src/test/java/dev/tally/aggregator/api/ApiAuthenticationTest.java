package dev.tally.aggregator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.localstack.DevTokens;
import dev.tally.localstack.testing.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the aggregator's API refuses a request without a valid bearer token (401) and
 * one whose token lacks the endpoint's role (403), and lets the right role through.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class ApiAuthenticationTest {

    /** One endpoint: how to call it, and the role it needs. */
    record Endpoint(String method, String path, String body, String role) {

        static Endpoint read(String path) {
            return new Endpoint("GET", path, null, DevTokens.VIEWER_ROLE);
        }

        static Endpoint write(String path, String body) {
            return new Endpoint("POST", path, body, DevTokens.OPERATOR_ROLE);
        }

        int call(RequestSpecification request) {
            if (body != null) {
                request.contentType("application/json").body(body);
            }
            return request.request(method, path).statusCode();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final String PIPELINE = "/api/pipelines/sales-by-product";

    static final List<Endpoint> ENDPOINTS = List.of(
            Endpoint.read(PIPELINE + "/aggregates"),
            Endpoint.read(PIPELINE + "/aggregates/%5B1%5D"),
            Endpoint.read(PIPELINE + "/compensations"),
            // A group that does not exist: with the right role, the answer is 404 and nothing changes.
            Endpoint.write(PIPELINE + "/compensations", "{\"id\":\"auth-test\",\"key\":{\"product_id\":987654},"
                    + "\"adjust\":{\"units\":1},\"reason\":\"authentication test\"}"),
            Endpoint.read(PIPELINE + "/rebuild"),
            // No signal URL is configured in the tests: with the right role, the answer is 422 and nothing changes.
            Endpoint.write(PIPELINE + "/rebuild", ""),
            Endpoint.read(PIPELINE + "/dlq"),
            // An entry that is not in the topic: with the right role, the answer is 422 and nothing is sent.
            Endpoint.write(PIPELINE + "/dlq/redrive", "{\"entries\":[{\"partition\":0,\"offset\":999999999}]}"));

    DevTokens tokens;

    @Test
    void withoutATokenEveryEndpointAnswers401() {
        for (Endpoint endpoint : ENDPOINTS) {
            assertThat(endpoint.call(given())).as(endpoint.toString()).isEqualTo(401);
        }
    }

    @Test
    void aTokenNotSignedByTheConfiguredKeyIs401() {
        String foreign = DevTokens.ephemeral().operator();
        for (Endpoint endpoint : ENDPOINTS) {
            assertThat(endpoint.call(given().auth().oauth2(foreign))).as(endpoint.toString()).isEqualTo(401);
        }
    }

    @Test
    void anExpiredTokenIs401() {
        String expired = tokens.token("someone", DevTokens.OPERATOR_ROLE, Duration.ofMinutes(-10));
        for (Endpoint endpoint : ENDPOINTS) {
            assertThat(endpoint.call(given().auth().oauth2(expired))).as(endpoint.toString()).isEqualTo(401);
        }
    }

    @Test
    void aTokenForAnotherAudienceOrNoneIs401() {
        for (String audience : new String[] {"another-application", null}) {
            String token = tokens.token("someone", DevTokens.OPERATOR_ROLE, Duration.ofMinutes(5), audience);
            for (Endpoint endpoint : ENDPOINTS) {
                assertThat(endpoint.call(given().auth().oauth2(token))).as(endpoint + ", audience " + audience)
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void aProducersTokenMayNeitherWriteNorRead() {
        for (Endpoint endpoint : ENDPOINTS) {
            assertThat(endpoint.call(given().auth().oauth2(tokens.producer()))).as(endpoint.toString()).isEqualTo(403);
        }
    }

    @Test
    void aTokenWithoutTheEndpointsRoleIs403() {
        for (Endpoint endpoint : ENDPOINTS) {
            String wrongRole = endpoint.role().equals(DevTokens.OPERATOR_ROLE)
                    ? tokens.viewer()
                    : tokens.token("someone", "tally-somebody-else", Duration.ofMinutes(5));
            assertThat(endpoint.call(given().auth().oauth2(wrongRole))).as(endpoint.toString()).isEqualTo(403);
        }
    }

    @Test
    void theEndpointsRoleGetsThrough() {
        for (Endpoint endpoint : ENDPOINTS) {
            String token = tokens.token("someone", endpoint.role(), Duration.ofMinutes(5));
            assertThat(endpoint.call(given().auth().oauth2(token))).as(endpoint.toString()).isNotIn(401, 403);
        }
    }

    @Test
    void anOperatorMayRead() {
        for (Endpoint endpoint : ENDPOINTS) {
            if (endpoint.role().equals(DevTokens.VIEWER_ROLE)) {
                assertThat(endpoint.call(given().auth().oauth2(tokens.operator()))).as(endpoint.toString())
                        .isNotIn(401, 403);
            }
        }
    }
}
