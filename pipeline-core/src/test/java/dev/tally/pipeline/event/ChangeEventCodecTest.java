package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import dev.tally.pipeline.window.Window;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeEventCodecTest {

    @Test
    void encodesAndDecodesAnEventExactly() throws Exception {
        CompiledPipeline pipeline = new PipelineLoader().load(Path.of("src/test/resources/pipelines/sales-per-minute.yaml"));
        ChangeEventCodec codec = new ChangeEventCodec(pipeline);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("lines", 1L);
        after.put("units", 3L);
        after.put("revenue", new BigDecimal("7.50"));
        after.put("min_price", new BigDecimal("2.50"));
        after.put("max_price", new BigDecimal("2.50"));
        after.put("last_price", null);
        ChangeEvent event = new ChangeEvent("sales-per-minute", "0b9a7c5e-0000-3000-8000-000000000001",
                new GroupKey(List.of(7L)),
                new Window(Instant.parse("2026-11-24T09:30:00Z"), Instant.parse("2026-11-24T09:32:00Z")),
                null, after, "public.order_lines|id=1", "000000001|order-lines|00", Instant.parse("2026-11-24T09:30:10Z"),
                Instant.parse("2026-11-24T09:30:11.250Z"), "order-lines", "pg:lsn=1:tx=2");

        byte[] bytes = codec.encode(event);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"revenue\":\"7.50\"").contains("\"key\":{\"product_id\":7}");
        assertThat(codec.decode(bytes)).isEqualTo(event);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("reread");

        ChangeEvent reread = new ChangeEvent(event.pipeline(), event.eventId(), event.key(), event.window(), null, after,
                event.rowKey(), event.order(), event.eventTime(), event.commitTime(), event.source(), event.position(),
                true, new ChangeOrigin(2, 41, 1, "0000000000000001:0000000000000001", true));
        assertThat(codec.decode(codec.encode(reread))).as("a row read again by an incremental snapshot, with its origin")
                .isEqualTo(reread);
    }

    @Test
    void refusesAnEventOfAnotherPipeline() throws Exception {
        CompiledPipeline pipeline = new PipelineLoader().load(Path.of("../examples/orders/sales-by-product.yaml"));

        assertThatThrownBy(() -> new ChangeEventCodec(pipeline).decode("{\"pipeline\":\"other\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline 'other'");
    }
}
