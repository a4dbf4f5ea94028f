package dev.tally.aggregator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * Moves many rows through one SQL parameter: a JSON array, bound as text and cast to jsonb in
 * the statement ({@code jsonb_to_recordset}). Bound as text on purpose: the reactive PostgreSQL
 * client would send a Java string bound to a jsonb parameter as a JSON string, not as a document.
 */
final class SqlJson {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Timestamps read back as ISO-8601 UTC text, whatever the session time zone. */
    static final String ISO_UTC = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";

    private SqlJson() {
    }

    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode parse(Object text, String what) {
        try {
            return JSON.readTree((String) text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " in the database is not JSON: " + e.getMessage(), e);
        }
    }

    /** SQL text of a timestamptz column as ISO-8601 UTC, e.g. {@code iso(updated_at)}. */
    static String iso(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', " + ISO_UTC + ")";
    }

    static Instant instant(Object text) {
        return text == null ? null : Instant.parse((String) text);
    }

    static long number(Object value) {
        return ((Number) value).longValue();
    }
}
