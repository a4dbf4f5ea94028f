package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import dev.tally.pipeline.window.Window;
import dev.tally.publisher.Updates;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateRecordFormatTest {

    private static final Window MINUTE = new Window(Instant.parse("2025-06-01T10:00:00Z"),
            Instant.parse("2025-06-01T10:01:00Z"));

    @Test
    void aWindowedRecordSaysWhetherItIsTheWindowsFinalVersion() throws Exception {
        CompiledPipeline minutes = new PipelineLoader().load(Path.of("src/test/resources/pipelines/reporting-sales-per-minute.yaml"));
        AggregateRecordFormat format = new AggregateRecordFormat(minutes);
        AggregateUpdate last = Updates.of(minutes, MINUTE, 2, 1, Map.of("lines", 1L, "revenue", new BigDecimal("2.50")), 7L);
        AggregateUpdate closed = Updates.windowClosed(last);
        assertThat(closed.type()).isEqualTo(AggregateUpdate.Type.WINDOW_CLOSED);

        ObjectNode open = format.toJson(last);
        ObjectNode closing = format.toJson(closed);

        assertThat(open.path("window_closed").asBoolean(true)).isFalse();
        assertThat(closing.path("window_closed").asBoolean(false)).isTrue();
        assertThat(closing.path("window_start").asText()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(closing.path("version").asLong()).isEqualTo(3);
        closing.remove(List.of("window_closed", "version"));
        open.remove(List.of("window_closed", "version"));
        assertThat(closing).as("the same results").isEqualTo(open);
    }

    @Test
    void aRecordOfAPipelineWithoutWindowsHasNoWindowFields() throws Exception {
        CompiledPipeline sales = new PipelineLoader().load(Path.of("../examples/orders/sales-by-product.yaml"));
        ObjectNode record = new AggregateRecordFormat(sales).toJson(Updates.of(sales, null, 1, 1, Map.of("lines", 1L), 7L));

        assertThat(record.has("window_start")).isFalse();
        assertThat(record.has("window_closed")).isFalse();
    }
}
