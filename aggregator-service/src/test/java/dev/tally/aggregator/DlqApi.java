package dev.tally.aggregator;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Calls the aggregator's dead-letter API for the example pipeline. */
final class DlqApi {

    static final String DLQ = "/api/pipelines/sales-by-product/dlq";

    private DlqApi() {
    }

    /** GET one page: the response, whatever its status. */
    static Response page(int page, int size) {
        return given().queryParam("page", page).queryParam("size", size).when().get(DLQ);
    }

    /** Every entry, page by page. */
    static List<JsonNode> all(int size) {
        List<JsonNode> entries = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = ReadApi.json(page(page, size).then().statusCode(200).extract().response());
            body.path("items").forEach(entries::add);
            if (body.path("items").size() < size) {
                return entries;
            }
        }
    }

    /** The entry whose original value is this JSON or base64 text, if listed. */
    static Optional<JsonNode> find(Predicate<JsonNode> entry) {
        return all(100).stream().filter(entry).findFirst();
    }

    static Predicate<JsonNode> withValue(String data) {
        return entry -> data.equals(entry.path("value").path("data").asText(null));
    }

    /** POST /redrive with this JSON body: the response, whatever its status. */
    static Response redrive(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post(DLQ + "/redrive");
    }

    static JsonNode redriveEntries(JsonNode... entries) {
        StringBuilder body = new StringBuilder("{\"entries\": [");
        for (int i = 0; i < entries.length; i++) {
            body.append(i == 0 ? "" : ", ").append("{\"partition\": ").append(entries[i].path("partition").asInt())
                    .append(", \"offset\": ").append(entries[i].path("offset").asLong()).append('}');
        }
        return ReadApi.json(redrive(body.append("]}").toString()).then().statusCode(200).extract().response());
    }

    /** Whether a list of entries of a re-drive answer (redriven or skipped) names this entry. */
    static Optional<JsonNode> in(JsonNode list, JsonNode entry) {
        for (JsonNode item : list) {
            if (item.path("partition").asInt() == entry.path("partition").asInt()
                    && item.path("offset").asLong() == entry.path("offset").asLong()) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }
}
