package dev.tally.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class SqlSinkTableCreationTest {

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void createsTheTableWithKeyAggregateAndVersionColumnsAndANullsNotDistinctKey() {
        SinkDatabase sink = new SinkDatabase(endpoints);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("product_id", "bigint");
        expected.put("lines", "bigint");
        expected.put("units", "bigint");
        expected.put("revenue", "numeric");
        expected.put("min_price", "numeric");
        expected.put("max_price", "numeric");
        expected.put("version", "bigint not null");
        expected.put("updated_at", "timestamp with time zone not null");
        assertThat(sink.columnTypes("sales_by_product")).containsExactlyEntriesOf(expected);
        assertThat(sink.uniqueKeys("sales_by_product")).containsExactly("product_id nulls not distinct");
    }

    @Test
    void createsWindowBoundsAsPartOfTheKeyInTheDeclaredSchema() {
        SinkDatabase sink = new SinkDatabase(endpoints);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("product_id", "bigint");
        expected.put("window_start", "timestamp with time zone not null");
        expected.put("window_end", "timestamp with time zone not null");
        expected.put("lines", "bigint");
        expected.put("revenue", "numeric");
        expected.put("version", "bigint not null");
        expected.put("updated_at", "timestamp with time zone not null");
        assertThat(sink.columnTypes("reporting.sales_per_minute")).containsExactlyEntriesOf(expected);
        assertThat(sink.uniqueKeys("reporting.sales_per_minute"))
                .containsExactly("product_id, window_start, window_end nulls not distinct");
    }

    @Test
    void mapsEveryValueTypeToItsColumnType() {
        SinkDatabase sink = new SinkDatabase(endpoints);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("warehouse", "text");
        expected.put("counted_on", "date");
        expected.put("items", "bigint");
        expected.put("quantity", "bigint");
        expected.put("heaviest", "double precision");
        expected.put("last_sealed", "boolean");
        expected.put("last_counted_at", "timestamp with time zone");
        expected.put("version", "bigint not null");
        expected.put("updated_at", "timestamp with time zone not null");
        assertThat(sink.columnTypes("stock_by_warehouse")).containsExactlyEntriesOf(expected);
        assertThat(sink.uniqueKeys("stock_by_warehouse")).containsExactly("warehouse, counted_on nulls not distinct");
    }

    @Test
    void decimalsLandExactlyWithTheirScale() {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        BigDecimal revenue = new BigDecimal("123456789012345678901234.000000000001");
        BigDecimal minPrice = new BigDecimal("0.10");
        BigDecimal maxPrice = new BigDecimal("99999999999999.99");
        try (AggregatesProducer producer = new AggregatesProducer(endpoints.kafkaBootstrapServers())) {
            producer.send(sales, Updates.of(sales, null, 1, 3, Map.of("lines", 3L, "units", 7L, "revenue", revenue,
                    "min_price", minPrice, "max_price", maxPrice), 1001L));
        }

        SinkDatabase sink = new SinkDatabase(endpoints);
        Map<String, Object> row = await("product 1001 in sales_by_product").atMost(Duration.ofSeconds(60))
                .until(() -> sink.single("SELECT * FROM sales_by_product WHERE product_id = 1001"),
                        Optional::isPresent).orElseThrow();
        assertThat(row.get("revenue")).isEqualTo(revenue); // BigDecimal.equals compares the scale too
        assertThat(row.get("min_price")).isEqualTo(minPrice);
        assertThat(row.get("max_price")).isEqualTo(maxPrice);
        assertThat(row).containsEntry("lines", 3L).containsEntry("units", 7L).containsEntry("version", 1L);
    }
}
