package dev.tally.pipeline.cdc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A key or value as Kafka Connect's JsonConverter wrote it: the payload, and its Connect schema
 * when the converter ran with {@code schemas.enable=true} (null otherwise).
 */
record ConnectJsonMessage(JsonNode schema, JsonNode payload) {

    /**
     * Splits {@code {"schema": .., "payload": ..}} into its parts; any other JSON is a bare payload.
     * A bare payload with exactly the columns "schema" and "payload" would look the same, so the
     * schema must also look like a Connect schema (an object with a "type") to count as one.
     */
    static ConnectJsonMessage of(JsonNode root) {
        if (root.isObject() && root.size() == 2) {
            JsonNode schema = root.get("schema");
            JsonNode payload = root.get("payload");
            if (schema != null && payload != null) {
                if (schema.isNull()) {
                    return new ConnectJsonMessage(null, payload);
                }
                if (schema.isObject() && schema.has("type")) {
                    return new ConnectJsonMessage(schema, payload);
                }
            }
        }
        return new ConnectJsonMessage(null, root);
    }

    /** The schema of the struct field {@code name}, or null when there is no schema or no such field. */
    JsonNode fieldSchema(String name) {
        return schema == null ? null : ConnectValueConverter.fieldSchema(schema, name);
    }
}
