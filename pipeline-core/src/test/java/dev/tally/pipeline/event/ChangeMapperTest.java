package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.cdc.Operation;
import dev.tally.pipeline.cdc.PostgresPosition;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.cdc.TableId;
import dev.tally.pipeline.load.PipelineLoader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeMapperTest {

    private static final TableId ORDER_LINES = new TableId("source", "public", "order_lines");
    private static final Instant COMMIT = Instant.parse("2026-11-24T10:00:00.123Z");

    private final ChangeMapper byProduct = mapper("../examples/orders/sales-by-product.yaml");
    private final ChangeMapper perMinute = mapper("src/test/resources/pipelines/sales-per-minute.yaml");

    @Test
    void anInsertAddsItsContributionToItsGroup() throws Exception {
        List<ChangeEvent> events = byProduct.map("order-lines", change(Operation.CREATE, null, line(1, 7, 3, "2.50")));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.pipeline()).isEqualTo("sales-by-product");
            assertThat(e.key()).isEqualTo(new GroupKey(List.of(7L)));
            assertThat(e.aggregateId()).isEqualTo("[7]");
            assertThat(e.before()).isNull();
            assertThat(e.after()).containsExactly(
                    Map.entry("lines", 1L), Map.entry("units", 3L), Map.entry("revenue", new BigDecimal("7.50")),
                    Map.entry("min_price", new BigDecimal("2.50")), Map.entry("max_price", new BigDecimal("2.50")));
            assertThat(e.eventTime()).isEqualTo(COMMIT);
            assertThat(e.commitTime()).isEqualTo(COMMIT);
            assertThat(e.window()).isNull();
        });
    }

    @Test
    void anUpdateWithinAGroupIsOneEventWithBothContributions() throws Exception {
        List<ChangeEvent> events = byProduct.map("order-lines",
                change(Operation.UPDATE, line(1, 7, 3, "2.50"), line(1, 7, 4, "2.50")));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.before()).containsEntry("units", 3L);
            assertThat(e.after()).containsEntry("units", 4L).containsEntry("revenue", new BigDecimal("10.00"));
        });
    }

    @Test
    void anUpdateThatMovesTheRowRetractsFromTheOldGroupAndAddsToTheNew() throws Exception {
        RowChange move = change(Operation.UPDATE, line(1, 7, 3, "2.50"), line(1, 9, 3, "2.50"));

        List<ChangeEvent> events = byProduct.map("order-lines", move);

        assertThat(events).hasSize(2);
        assertThat(events.get(0).key()).isEqualTo(new GroupKey(List.of(7L)));
        assertThat(events.get(0).before()).isNotNull();
        assertThat(events.get(0).after()).isNull();
        assertThat(events.get(1).key()).isEqualTo(new GroupKey(List.of(9L)));
        assertThat(events.get(1).before()).isNull();
        assertThat(events.get(1).after()).isNotNull();
        assertThat(events.get(0).eventId()).isNotEqualTo(events.get(1).eventId());
        assertThat(byProduct.map("order-lines", move)).extracting(ChangeEvent::eventId)
                .as("ids are derived deterministically from the change")
                .containsExactly(events.get(0).eventId(), events.get(1).eventId());
    }

    @Test
    void aDeleteRetracts() throws Exception {
        assertThat(byProduct.map("order-lines", change(Operation.DELETE, line(1, 7, 3, "2.50"), null)))
                .singleElement().satisfies(e -> {
                    assertThat(e.before()).containsEntry("lines", 1L);
                    assertThat(e.after()).isNull();
                });
    }

    @Test
    void aSnapshotReadCountsAsAnInsert() throws Exception {
        RowChange read = new RowChange(Operation.READ, ORDER_LINES, Map.of("id", 1L), null, line(1, 7, 3, "2.50"),
                COMMIT, new PostgresPosition(100, 5L), true);

        assertThat(byProduct.map("order-lines", read)).singleElement()
                .satisfies(e -> assertThat(e.after()).containsEntry("units", 3L));
    }

    @Test
    void theSameChangeDeliveredTwiceHasTheSameIdAndAnotherChangeAnother() throws Exception {
        RowChange insert = change(Operation.CREATE, null, line(1, 7, 3, "2.50"));
        RowChange otherRow = change(Operation.CREATE, null, line(2, 7, 3, "2.50"));

        String id = byProduct.map("order-lines", insert).get(0).eventId();

        assertThat(byProduct.map("order-lines", insert).get(0).eventId()).isEqualTo(id);
        assertThat(byProduct.map("order-lines", otherRow).get(0).eventId()).isNotEqualTo(id);
    }

    @Test
    void aTruncateIsRefusedWithAReason() {
        RowChange truncate = new RowChange(Operation.TRUNCATE, ORDER_LINES, null, null, null, COMMIT,
                new PostgresPosition(100, 5L), false);

        assertThatThrownBy(() -> byProduct.map("order-lines", truncate))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("truncate of public.order_lines cannot be applied exactly");
    }

    @Test
    void aChangeOfAnotherTableOnTheSourcesTopicIsRefused() {
        RowChange refund = new RowChange(Operation.CREATE, new TableId("source", "public", "refunds"),
                Map.of("id", 9L), null, line(9, 7, 1, "2.50"), COMMIT, new PostgresPosition(200, 5L), false);

        assertThatThrownBy(() -> byProduct.map("order-lines", refund))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("a change of public.refunds", "source order-lines reads public.order_lines");
    }

    @Test
    void aTableMatchesTheNamePipelinesGiveItWhateverTheConnector() {
        assertThat(new TableId("source", "public", "order_lines").matches("public.order_lines")).isTrue();
        assertThat(new TableId("plant_a", null, "meter_reading").matches("plant_a.meter_reading"))
                .as("MySQL and MariaDB: database.table").isTrue();
        assertThat(new TableId("PLANT", "METERS", "READING").matches("meters.reading")).as("Oracle upper case")
                .isTrue();
        assertThat(new TableId("source", "public", "refunds").matches("public.order_lines")).isFalse();
        assertThat(new TableId("source", "audit", "order_lines").matches("public.order_lines")).isFalse();
    }

    @Test
    void anUpdateWithoutTheOldRowIsRefusedWithTheFix() {
        RowChange update = change(Operation.UPDATE, null, line(1, 7, 3, "2.50"));

        assertThatThrownBy(() -> byProduct.map("order-lines", update))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("REPLICA IDENTITY FULL");
    }

    @Test
    void aDeleteCarryingOnlyTheKeyIsRefusedWithTheFix() {
        RowChange delete = change(Operation.DELETE, Map.of("id", 1L), null);

        assertThatThrownBy(() -> byProduct.map("order-lines", delete))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("column 'product_id' is missing from the before image")
                .hasMessageContaining("REPLICA IDENTITY FULL");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheColumn() {
        Map<String, Object> bad = line(1, 7, 3, "2.50");
        bad.put("unit_price", "two fifty");

        assertThatThrownBy(() -> byProduct.map("order-lines", change(Operation.CREATE, null, bad)))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("column 'unit_price'")
                .hasMessageContaining("is not a decimal");
    }

    @Test
    void rowsFilteredOutOnBothSidesProduceNothing() throws Exception {
        assertThat(perMinute.map("order-lines",
                change(Operation.UPDATE, line(1, 7, 0, "1.00"), line(1, 7, -1, "1.00")))).isEmpty();
    }

    @Test
    void aRowEnteringTheFilterIsAnAddition() throws Exception {
        List<ChangeEvent> events = perMinute.map("order-lines",
                change(Operation.UPDATE, line(1, 7, 0, "1.00", "2026-11-24T09:30:10Z"),
                        line(1, 7, 2, "1.00", "2026-11-24T09:30:10Z")));

        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.before()).isNull();
            assertThat(e.after()).containsEntry("units", 2L);
        });
    }

    @Test
    void hoppingWindowsGetOneEventPerWindowOnTheEventTime() throws Exception {
        List<ChangeEvent> events = perMinute.map("order-lines",
                change(Operation.CREATE, null, line(1, 7, 2, "1.00", "2026-11-24T09:30:10Z")));

        assertThat(events).extracting(e -> e.window().start().toString() + "/" + e.window().end())
                .containsExactly("2026-11-24T09:29:00Z/2026-11-24T09:31:00Z", "2026-11-24T09:30:00Z/2026-11-24T09:32:00Z");
        assertThat(events).allSatisfy(e -> assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-24T09:30:10Z")));
        assertThat(events.get(0).aggregateId()).isEqualTo("[7]@2026-11-24T09:29:00Z/2026-11-24T09:31:00Z");
    }

    @Test
    void anUpdateMovingTheEventTimeRetractsFromWindowsItLeaves() throws Exception {
        List<ChangeEvent> events = perMinute.map("order-lines",
                change(Operation.UPDATE, line(1, 7, 2, "1.00", "2026-11-24T09:30:10Z"),
                        line(1, 7, 2, "1.00", "2026-11-24T09:31:10Z")));

        assertThat(events).extracting(e -> e.window().start().toString().substring(11, 16) + ":"
                        + (e.before() != null) + ":" + (e.after() != null))
                .containsExactly("09:29:true:false", "09:30:true:true", "09:31:false:true");
    }

    private static ChangeMapper mapper(String file) {
        try {
            return new ChangeMapper(new PipelineLoader().load(Path.of(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RowChange change(Operation op, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> row = after != null ? after : before;
        return new RowChange(op, ORDER_LINES, Map.of("id", row.get("id")), before, after, COMMIT,
                new PostgresPosition(4242, 17L), false);
    }

    private static Map<String, Object> line(long id, long product, long quantity, String price) {
        return line(id, product, quantity, price, "2026-11-24T09:59:00Z");
    }

    /** A row as the schemaless JSON converter delivers it: numeric as text, timestamptz as ISO text. */
    private static Map<String, Object> line(long id, long product, long quantity, String price, String createdAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("order_id", 100L);
        row.put("product_id", product);
        row.put("quantity", quantity);
        row.put("unit_price", price);
        row.put("created_at", createdAt);
        return row;
    }
}
