package dev.tally.aggregator;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

/** Calls the aggregator's read API for the example pipeline. */
final class ReadApi {

    static final String AGGREGATES = "/api/pipelines/sales-by-product/aggregates";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadApi() {
    }

    /** The page of aggregates of one product, emptied groups included or not. */
    static JsonNode byProduct(long product, boolean includeEmpty) {
        return json(given().queryParam("key", "{\"product_id\":" + product + "}")
                .queryParam("includeEmpty", includeEmpty)
                .when().get(AGGREGATES)
                .then().statusCode(200).extract().response());
    }

    /** GET /aggregates/{aggregateId}: the response, whatever its status. */
    static Response byId(String aggregateId) {
        return given().pathParam("id", aggregateId).when().get(AGGREGATES + "/{id}");
    }

    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.asString());
        } catch (Exception e) {
            throw new IllegalStateException("the read API answered no JSON: " + response.asString(), e);
        }
    }
}
