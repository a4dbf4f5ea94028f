package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.localstack.LocalStackProcess;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.event.GroupKey;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Row changes in the source database arrive on {@code tally.sales-by-product.changes} as exact change events. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "source"))
class CdcIngestTest {

    private static final String CHANGES = "tally.sales-by-product.changes";

    LocalStackProcess stack;
    StackEndpoints endpoints;

    @Inject
    IngestPipelines pipelines;

    private ChangeEventCodec codec;

    @BeforeEach
    void prepare() throws Exception {
        OrdersSourceDatabase.prepare(stack);
        codec = new ChangeEventCodec(pipelines.get("sales-by-product").orElseThrow().definition());
    }

    @Test
    void insertArrivesAsAnAdditionKeyedByItsProduct() throws Exception {
        OrdersSourceDatabase.execute(stack, "INSERT INTO order_lines VALUES (1001, 1, 9101, 3, 2.50, now())");

        List<ChangeEvent> events = eventsOf(List.of(9101L), 1);

        ChangeEvent insert = events.getFirst();
        assertThat(insert.key()).isEqualTo(new GroupKey(List.of(9101L)));
        assertThat(insert.before()).isNull();
        assertContribution(insert.after(), 3, "7.50", "2.50");
        assertThat(insert.source()).isEqualTo("order-lines");
        assertThat(insert.rowKey()).isEqualTo("public.order_lines|id=1001");
        assertThat(insert.eventId()).isNotBlank();
    }

    @Test
    void quantityUpdateArrivesAsOneEventWithTheRowBeforeAndAfter() throws Exception {
        OrdersSourceDatabase.execute(stack,
                "INSERT INTO order_lines VALUES (1002, 1, 9102, 2, 4.00, now())",
                "UPDATE order_lines SET quantity = 5 WHERE id = 1002");

        List<ChangeEvent> events = eventsOf(List.of(9102L), 2);

        ChangeEvent update = events.get(1);
        assertThat(update.key()).isEqualTo(new GroupKey(List.of(9102L)));
        assertContribution(update.before(), 2, "8.00", "4.00");
        assertContribution(update.after(), 5, "20.00", "4.00");
        assertThat(update.eventId()).isNotEqualTo(events.getFirst().eventId());
    }

    @Test
    void productChangeRetractsFromTheOldProductAndAddsToTheNewOne() throws Exception {
        OrdersSourceDatabase.execute(stack,
                "INSERT INTO order_lines VALUES (1003, 1, 9103, 1, 10.00, now())",
                "UPDATE order_lines SET product_id = 9104 WHERE id = 1003");

        List<ChangeEvent> events = eventsOf(List.of(9103L, 9104L), 3);

        List<ChangeEvent> oldProduct = events.stream().filter(e -> e.key().values().equals(List.of(9103L))).toList();
        List<ChangeEvent> newProduct = events.stream().filter(e -> e.key().values().equals(List.of(9104L))).toList();
        assertThat(oldProduct).hasSize(2);
        assertThat(newProduct).hasSize(1);
        ChangeEvent retraction = oldProduct.get(1);
        assertContribution(retraction.before(), 1, "10.00", "10.00");
        assertThat(retraction.after()).isNull();
        ChangeEvent addition = newProduct.getFirst();
        assertThat(addition.before()).isNull();
        assertContribution(addition.after(), 1, "10.00", "10.00");
        assertThat(addition.position()).isEqualTo(retraction.position());
        assertThat(addition.eventId()).isNotEqualTo(retraction.eventId());
    }

    @Test
    void deleteArrivesAsARetraction() throws Exception {
        OrdersSourceDatabase.execute(stack,
                "INSERT INTO order_lines VALUES (1005, 1, 9105, 4, 0.25, now())",
                "DELETE FROM order_lines WHERE id = 1005");

        List<ChangeEvent> events = eventsOf(List.of(9105L), 2);

        ChangeEvent delete = events.get(1);
        assertThat(delete.key()).isEqualTo(new GroupKey(List.of(9105L)));
        assertContribution(delete.before(), 4, "1.00", "0.25");
        assertThat(delete.after()).isNull();
    }

    /** The events of the given products, in the order they were written (one product's events share a partition). */
    private List<ChangeEvent> eventsOf(List<Long> products, int count) {
        List<byte[]> keys = products.stream()
                .map(p -> new GroupKey(List.of(p)).encoded().getBytes(StandardCharsets.UTF_8)).toList();
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrapServers(), CHANGES)) {
            List<ConsumerRecord<byte[], byte[]>> records = reader.await(
                    r -> keys.stream().anyMatch(k -> Arrays.equals(k, r.key())), count);
            assertThat(records).as("change events of products %s", products).hasSize(count);
            return records.stream().map(r -> codec.decode(r.value())).toList();
        }
    }

    private static void assertContribution(Map<String, Object> contribution, long units, String revenue, String price) {
        assertThat(contribution).containsOnlyKeys("lines", "units", "revenue", "min_price", "max_price");
        assertThat(contribution.get("lines")).isEqualTo(1L);
        assertThat(contribution.get("units")).isEqualTo(units);
        assertThat((BigDecimal) contribution.get("revenue")).isEqualByComparingTo(revenue);
        assertThat((BigDecimal) contribution.get("min_price")).isEqualByComparingTo(price);
        assertThat((BigDecimal) contribution.get("max_price")).isEqualByComparingTo(price);
    }
}
