package dev.tally.aggregator;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Calls the aggregator's compensation API for the example pipeline. */
final class CompensationApi {

    static final String COMPENSATIONS = "/api/pipelines/sales-by-product/compensations";

    private CompensationApi() {
    }

    /** POSTs a body; the response whatever its status. */
    static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post(COMPENSATIONS);
    }

    /** POSTs a body and expects {@code status}; the answer as JSON. */
    static JsonNode post(String body, int status) {
        return ReadApi.json(post(body).then().statusCode(status).extract().response());
    }

    /** The first page of compensations, newest first. */
    static JsonNode list(int size) {
        return ReadApi.json(given().queryParam("size", size).when().get(COMPENSATIONS)
                .then().statusCode(200).extract().response());
    }
}
