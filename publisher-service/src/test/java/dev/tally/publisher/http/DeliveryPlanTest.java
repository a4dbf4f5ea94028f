package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import dev.tally.pipeline.model.HttpSinkDefinition.Batching;
import dev.tally.pipeline.window.Window;
import dev.tally.publisher.Updates;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the updates of one write become requests: bodies, batches, rounds and idempotency keys. */
class DeliveryPlanTest {

    private static final Batching OFF = new Batching(false, 500, "[", "]", ",");

    private final CompiledPipeline minutes = load("src/test/resources/pipelines/reporting-sales-per-minute.yaml");
    private final CompiledPipeline sales = load("../examples/orders/sales-by-product.yaml");

    @Test
    void oneRecordPerRequestIsTheJsonObjectOfKeyWindowAggregatesAndVersion() throws Exception {
        Window window = new Window(Instant.parse("2025-06-01T10:00:00Z"), Instant.parse("2025-06-01T10:01:00Z"));
        AggregateUpdate update = Updates.of(minutes, window, 3, 2, Map.of("lines", 2L,
                "revenue", new BigDecimal("7.50")), 42L);

        assertThat(DeliveryPlan.rounds(List.of(update))).containsExactly(List.of(update));
        List<OutgoingRequest> requests = new DeliveryPlan(new AggregateRecordFormat(minutes), OFF, "hook")
                .requests(List.of(update));

        assertThat(requests).hasSize(1);
        OutgoingRequest request = requests.get(0);
        assertThat(new ObjectMapper().readTree(request.body())).isEqualTo(new ObjectMapper().readTree("""
                {"product_id": 42, "window_start": "2025-06-01T10:00:00Z", "window_end": "2025-06-01T10:01:00Z",
                 "window_closed": false, "lines": 2, "revenue": "7.50", "version": 3}"""));
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).startsWith("{\"product_id\":42,\"window_start\"");
        assertThat(request.idempotencyKey()).isEqualTo("reporting-sales-per-minute/hook/" + update.aggregateId() + ":3");
        assertThat(request.updates()).containsExactly(update);
    }

    @Test
    void batchesJoinRecordsWithPrefixSeparatorAndSuffixUpToMaxSize() {
        List<AggregateUpdate> updates = List.of(sale(1, 1), sale(2, 1), sale(3, 1));

        List<OutgoingRequest> requests = new DeliveryPlan(new AggregateRecordFormat(sales),
                new Batching(true, 2, "{\"items\":[", "]}", ",\n"), "hook").requests(updates);

        assertThat(requests).hasSize(2);
        assertThat(new String(requests.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"items\":["
                + "{\"product_id\":1,\"lines\":1,\"units\":10,\"revenue\":\"2.50\",\"min_price\":null,\"max_price\":null,"
                + "\"version\":1},\n{\"product_id\":2,\"lines\":1,\"units\":10,\"revenue\":\"2.50\",\"min_price\":null,"
                + "\"max_price\":null,\"version\":1}]}");
        assertThat(requests.get(0).idempotencyKey()).matches("sha256:[0-9a-f]{64}");
        assertThat(requests.get(1).updates()).containsExactly(updates.get(2));
        assertThat(requests.get(1).idempotencyKey()).as("a batch of one").isEqualTo("sales-by-product/hook/[3]:1");
        assertThat(new DeliveryPlan(new AggregateRecordFormat(sales), new Batching(true, 2, "[", "]", ","), "hook")
                .requests(updates).get(0).idempotencyKey())
                .as("the same records give the same key").isEqualTo(requests.get(0).idempotencyKey());
    }

    @Test
    void everyVersionGoesInRoundsSoThatNoAggregateGetsAnOlderVersionAfterANewerOne() {
        List<AggregateUpdate> updates = List.of(sale(1, 4), sale(1, 5), sale(1, 6), sale(2, 9));

        List<List<AggregateUpdate>> rounds = DeliveryPlan.rounds(updates);

        assertThat(rounds).extracting(round -> round.stream()
                        .map(u -> u.key().values().get(0) + "v" + u.version()).toList())
                .containsExactly(List.of("1v4", "2v9"), List.of("1v5"), List.of("1v6"));
    }

    @Test
    void anIdempotencyKeyEncodesBytesOutsidePrintableAscii() {
        CompiledPipeline byName = load("src/test/resources/pipelines/stock-by-warehouse.yaml");
        AggregateUpdate update = Updates.of(byName, null, 2, 1, Map.of(), "Zürich 100%", LocalDate.parse("2025-03-14"));

        String idempotencyKey = new DeliveryPlan(new AggregateRecordFormat(byName), OFF, "hook").requests(List.of(update))
                .get(0).idempotencyKey();
        String otherSink = new DeliveryPlan(new AggregateRecordFormat(byName), OFF, "audit").requests(List.of(update))
                .get(0).idempotencyKey();

        assertThat(idempotencyKey).contains("Z%C3%BCrich 100%25").endsWith(":2").matches("[\\x20-\\x7e]+");
        assertThat(otherSink).as("another sink of the pipeline: another key").isNotEqualTo(idempotencyKey);
    }

    private AggregateUpdate sale(long product, long version) {
        return Updates.of(sales, null, version, 1, Map.of("lines", 1L, "units", 10L, "revenue",
                new BigDecimal("2.50")), product);
    }

    private static CompiledPipeline load(String file) {
        try {
            return new PipelineLoader().load(Path.of(file));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
