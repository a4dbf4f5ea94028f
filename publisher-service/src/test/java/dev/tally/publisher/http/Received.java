package dev.tally.publisher.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/**
 * One record a test endpoint accepted (answered 2xx), with the headers of its request.
 *
 * @param record  the record as delivered
 * @param headers the request's headers, names in lower case, first value each
 */
record Received(JsonNode record, Map<String, String> headers) {

    long productId() {
        return record.get("product_id").asLong();
    }

    long version() {
        return record.get("version").asLong();
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
