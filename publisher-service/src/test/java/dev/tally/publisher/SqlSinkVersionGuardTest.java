package dev.tally.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class SqlSinkVersionGuardTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void shuffledVersionsAndReplaysOfOldOnesLeaveTheNewest() {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        SinkDatabase sink = new SinkDatabase(endpoints);
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            for (long version : List.of(3L, 1L, 5L, 2L, 4L)) {
                producer.send(sales, sale(sales, 2001L, version));
            }
            awaitVersion(sink, "sales_by_product", "product_id = 2001", 5);
            double staleBefore = PublisherMetrics.sinkMeter("tally_sink_updates_stale_total", "sales-by-product", "sql");

            // The newest is written: what follows can only be refused by the version guard in the table.
            producer.send(sales, sale(sales, 2001L, 2), sale(sales, 2001L, 4), sale(sales, 2001L, 1));
            new SinkProgress(endpoints.kafkaBootstrapServers()).awaitCaughtUp("sales-by-product", "sql");

            assertThat(PublisherMetrics.sinkMeter("tally_sink_updates_stale_total", "sales-by-product", "sql"))
                    .isGreaterThan(staleBefore);
        }
        Map<String, Object> row = sink.single("SELECT * FROM sales_by_product WHERE product_id = 2001").orElseThrow();
        assertThat(row).containsEntry("version", 5L).containsEntry("lines", 5L).containsEntry("units", 50L)
                .containsEntry("revenue", new BigDecimal("5.25"));
    }

    @Test
    void anEmptiedGroupIsDeletedWhenItsSinkSaysOnEmptyDelete() {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        SinkDatabase sink = new SinkDatabase(endpoints);
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.send(sales, sale(sales, 2002L, 1), sale(sales, 2002L, 2), sale(sales, 2002L, 3));
            awaitVersion(sink, "sales_by_product", "product_id = 2002", 3);

            // An emptied version older than the row's is stale: the row stays.
            producer.send(sales, emptied(sales, 2, 2002L));
            new SinkProgress(endpoints.kafkaBootstrapServers()).awaitCaughtUp("sales-by-product", "sql");
            assertThat(sink.single("SELECT version FROM sales_by_product WHERE product_id = 2002"))
                    .hasValue(Map.of("version", 3L));

            producer.send(sales, emptied(sales, 4, 2002L));
            await("product 2002 deleted").atMost(WAIT).until(() ->
                    sink.single("SELECT * FROM sales_by_product WHERE product_id = 2002"), Optional::isEmpty);
        }
    }

    @Test
    void anOlderVersionAfterTheDeleteLeavesTheGroupDeleted() {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        SinkDatabase sink = new SinkDatabase(endpoints);
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.send(sales, sale(sales, 2003L, 1), sale(sales, 2003L, 2), sale(sales, 2003L, 3));
            awaitVersion(sink, "sales_by_product", "product_id = 2003", 3);
            producer.send(sales, emptied(sales, 4, 2003L));
            await("product 2003 deleted").atMost(WAIT).until(() ->
                    sink.single("SELECT * FROM sales_by_product WHERE product_id = 2003"), Optional::isEmpty);

            // A replay (a consumer restarted before its offsets were committed, a re-driven dead letter, another
            // instance that owned the partition a moment ago) of a version before the delete.
            producer.send(sales, sale(sales, 2003L, 3), sale(sales, 2003L, 2));
            new SinkProgress(endpoints.kafkaBootstrapServers()).awaitCaughtUp("sales-by-product", "sql");
            assertThat(sink.single("SELECT * FROM sales_by_product WHERE product_id = 2003")).isEmpty();

            producer.send(sales, sale(sales, 2003L, 5));
            awaitVersion(sink, "sales_by_product", "product_id = 2003", 5);
        }
    }

    @Test
    void aGroupWhoseKeyValueIsNullIsOneRowUpdatedAndDeletedInPlace() {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        SinkDatabase sink = new SinkDatabase(endpoints);
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.send(sales, sale(sales, null, 1));
            awaitVersion(sink, "sales_by_product", "product_id IS NULL", 1);
            producer.send(sales, sale(sales, null, 2));
            awaitVersion(sink, "sales_by_product", "product_id IS NULL", 2);

            producer.send(sales, emptied(sales, 3, (Object) null));
            await("the null group deleted").atMost(WAIT).until(() ->
                    sink.query("SELECT * FROM sales_by_product WHERE product_id IS NULL"), List::isEmpty);
        }
    }

    @Test
    void anEmptiedGroupIsKeptWithItsEmptyResultsWhenItsSinkSaysOnEmptyKeep() {
        CompiledPipeline stock = pipelines.get("stock-by-warehouse").orElseThrow();
        SinkDatabase sink = new SinkDatabase(endpoints);
        LocalDate day = LocalDate.of(2025, 3, 14);
        Instant countedAt = Instant.parse("2025-03-14T09:30:15.123456Z");
        Map<String, Object> full = Map.of("items", 2L, "quantity", 40L, "heaviest", 12.5, "last_sealed", true,
                "last_counted_at", countedAt);
        Map<String, Object> empty = new HashMap<>();
        empty.put("items", 0L);
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.send(stock, Updates.of(stock, null, 1, 2, full, "north", day));
            Map<String, Object> row = awaitVersion(sink, "stock_by_warehouse",
                    "warehouse = 'north' AND counted_on = DATE '2025-03-14'", 1);
            assertThat(row).containsEntry("items", 2L).containsEntry("quantity", 40L).containsEntry("heaviest", 12.5)
                    .containsEntry("last_sealed", true);
            assertThat(row).containsEntry("last_counted_at", countedAt).containsEntry("counted_on", day);

            producer.send(stock, Updates.of(stock, null, 2, 0, empty, "north", day));
            row = awaitVersion(sink, "stock_by_warehouse", "warehouse = 'north' AND counted_on = DATE '2025-03-14'", 2);
            assertThat(row).containsEntry("items", 0L).containsEntry("quantity", null).containsEntry("heaviest", null)
                    .containsEntry("last_sealed", null).containsEntry("last_counted_at", null);
        }
    }

    /** Version {@code version} of a product's sales: as many lines, ten units and 1.05 of revenue per version. */
    private static AggregateUpdate sale(CompiledPipeline sales, Long product, long version) {
        return Updates.of(sales, null, version, version, Map.of("lines", version, "units", version * 10,
                "revenue", new BigDecimal("1.05").multiply(BigDecimal.valueOf(version)),
                "min_price", new BigDecimal("0.105"), "max_price", new BigDecimal("0.105")), product);
    }

    private static AggregateUpdate emptied(CompiledPipeline sales, long version, Object... key) {
        return Updates.of(sales, null, version, 0, Map.of("lines", 0L, "units", 0L), key);
    }

    private static Map<String, Object> awaitVersion(SinkDatabase sink, String table, String where, long version) {
        String sql = "SELECT * FROM " + table + " WHERE " + where;
        return await(table + " where " + where + " at version " + version).atMost(WAIT)
                .until(() -> sink.single(sql), row -> row.isPresent() && row.get().get("version").equals(version))
                .orElseThrow();
    }
}
