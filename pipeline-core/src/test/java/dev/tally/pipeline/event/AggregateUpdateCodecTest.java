package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateUpdateCodecTest {

    @Test
    void encodesAndDecodesAnUpdateExactly() throws Exception {
        CompiledPipeline pipeline = new PipelineLoader().load(Path.of("../examples/orders/sales-by-product.yaml"));
        AggregateUpdateCodec codec = new AggregateUpdateCodec(pipeline);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("lines", 2L);
        values.put("units", 5L);
        values.put("revenue", new BigDecimal("12.50"));
        values.put("min_price", new BigDecimal("2.50"));
        values.put("max_price", new BigDecimal("2.50"));
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("lines", 1L);
        delta.put("units", 2L);
        delta.put("revenue", new BigDecimal("5.00"));
        AggregateUpdate update = new AggregateUpdate("sales-by-product", AggregateUpdate.Type.UPDATED, "[7]",
                new GroupKey(List.of(7L)), null, 12, 2, values, delta,
                new AggregateUpdate.Cause(3, "5f0c9c1e-6f38-3c1c-9c35-0c9c2c9d8a11", Instant.parse("2026-11-24T10:00:00.100Z")),
                Instant.parse("2026-11-24T10:00:00.250Z"));

        byte[] bytes = codec.encode(update);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"type\":\"AggregateUpdated\"")
                .contains("\"key\":{\"product_id\":7}")
                .contains("\"revenue\":\"12.50\"");
        assertThat(codec.decode(bytes)).isEqualTo(update);
    }
}
