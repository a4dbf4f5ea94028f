package dev.tally.bench.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a Debezium change of {@code order_lines} (JSON without schemas, decimals as strings) as
 * the row after the change; a delete reads as null, which a KTable takes as the row's removal.
 */
public final class DebeziumLineDeserializer implements Deserializer<Line> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Override
    public Line deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode after = JSON.readTree(bytes).path("after");
            if (after.isNull() || after.isMissingNode()) {
                return null;
            }
            return new Line(after.get("product_id").asLong(), after.get("quantity").asLong(),
                    new BigDecimal(after.get("unit_price").asText()));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Debezium change of order_lines: " + e.getMessage(), e);
        }
    }
}
