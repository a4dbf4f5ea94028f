package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tally.pipeline.cdc.DebeziumFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;

class CanonicalRowKeyTest {

    private static final TableId T = new TableId("db", "s", "t");

    @Test
    void sameChangeDeliveredTwiceGivesTheSameRowKey() throws Exception {
        assertThat(decode("postgresql/update").rowKey())
                .isEqualTo(decode("postgresql/update").rowKey())
                .isEqualTo("public.orders|id=1001");
    }

    @Test
    void everyChangeOfOneRowSharesItsRowKey() throws Exception {
        for (String connector : List.of("postgresql", "mysql", "mariadb", "sqlserver", "oracle")) {
            String insert = decode(connector + "/insert").rowKey();

            assertThat(decode(connector + "/update").rowKey()).as(connector).isEqualTo(insert);
            assertThat(decode(connector + "/delete").rowKey()).as(connector).isEqualTo(insert);
            assertThat(decode(connector + "/snapshot-read").rowKey()).as(connector).isNotEqualTo(insert);
        }
    }

    @Test
    void schemaOrElseDatabaseNamesTheTable() throws Exception {
        assertThat(decode("sqlserver/insert").rowKey()).isEqualTo("dbo.orders|id=1001");
        assertThat(decode("oracle/insert").rowKey()).isEqualTo("DEBEZIUM.ORDERS|ID=1001");
        assertThat(decode("mysql/insert").rowKey()).isEqualTo("inventory.orders|id=1001");
        assertThat(CanonicalRowKey.of(new TableId(null, null, "t"), Map.of("id", 1L))).isEqualTo("t|id=1");
    }

    @Test
    void keyColumnsAreSortedByName() {
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 1L);
        ba.put("a", 2L);
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 2L);
        ab.put("b", 1L);

        assertThat(CanonicalRowKey.of(T, ba)).isEqualTo(CanonicalRowKey.of(T, ab)).isEqualTo("s.t|a=2,b=1");
    }

    @Test
    void differentPrimaryKeysGiveDifferentRowKeys() {
        assertThat(CanonicalRowKey.of(T, Map.of("id", 1001L))).isNotEqualTo(CanonicalRowKey.of(T, Map.of("id", 1002L)));
        assertThat(CanonicalRowKey.of(T, Map.of("id", 1L))).isNotEqualTo(CanonicalRowKey.of(new TableId("db", "s", "u"), Map.of("id", 1L)));
    }

    @Test
    void separatorsInsideNamesAndValuesAreEscaped() {
        Map<String, Object> two = new HashMap<>();
        two.put("a", "x");
        two.put("b", "y");

        assertThat(CanonicalRowKey.of(T, Map.of("a", "x,b=y"))).isEqualTo("s.t|a=x\\,b\\=y").isNotEqualTo(CanonicalRowKey.of(T, two));
        assertThat(CanonicalRowKey.of(new TableId(null, "a.b", "c"), Map.of())).isEqualTo("a\\.b.c|")
                .isNotEqualTo(CanonicalRowKey.of(new TableId(null, "a", "b.c"), Map.of()));
        assertThat(CanonicalRowKey.of(T, Map.of("k", "a\\")))
                .isNotEqualTo(CanonicalRowKey.of(T, Map.of("k", "a\\\\")));
        assertThat(CanonicalRowKey.of(T, Map.of("k", List.of("a", "b"))))
                .isNotEqualTo(CanonicalRowKey.of(T, Map.of("k", List.of("a,b"))));
    }

    @Test
    void nullDiffersFromAnyText() {
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put("k", null);

        assertThat(CanonicalRowKey.of(T, nullKey)).isEqualTo("s.t|k=\\N");
        assertThat(CanonicalRowKey.of(T, Map.of("k", "\\N"))).isEqualTo("s.t|k=\\\\N");
        assertThat(CanonicalRowKey.of(T, Map.of("k", "null"))).isNotEqualTo(CanonicalRowKey.of(T, nullKey));
    }

    @Test
    void valuesHaveOneCanonicalText() {
        assertThat(CanonicalRowKey.of(T, Map.of("k", new BigDecimal("12.50"))))
                .isEqualTo(CanonicalRowKey.of(T, Map.of("k", new BigDecimal("12.5"))))
                .isEqualTo("s.t|k=12.5");
        assertThat(CanonicalRowKey.of(T, Map.of("k", new BigDecimal("1E+3")))).isEqualTo("s.t|k=1000");
        assertThat(CanonicalRowKey.of(T, Map.of("k", new BigDecimal("0.000")))).isEqualTo("s.t|k=0");
        assertThat(CanonicalRowKey.of(T, Map.of("k", Instant.parse("2026-11-23T09:15:02Z")))).isEqualTo("s.t|k=2026-11-23T09:15:02Z");
        assertThat(CanonicalRowKey.of(T, Map.of("k", LocalDate.of(2026, 11, 23)))).isEqualTo("s.t|k=2026-11-23");
        assertThat(CanonicalRowKey.of(T, Map.of("k", new byte[] {1, 2, 3}))).isEqualTo("s.t|k=AQID");
    }

    @Test
    void keylessTableIsIdentifiedByItsWholeRow() throws Exception {
        assertThat(decode("postgresql/keyless-insert").rowKey())
                .isEqualTo("public.meter_reading|meter_id=M-17,reading_wh=15230,site_code=north,ts=2026-11-23T09:00:00Z");
    }

    @Test
    void keylessDeleteIsIdentifiedByItsBeforeImage() {
        Map<String, Object> row = Map.of("meter_id", "M-17", "reading_wh", 15230L);
        RowChange delete = new RowChange(Operation.DELETE, T, null, row, null, Instant.EPOCH, new PostgresPosition(1L, 1L), false);
        RowChange insert = new RowChange(Operation.CREATE, T, null, null, row, Instant.EPOCH, new PostgresPosition(1L, 1L), false);

        assertThat(delete.rowKey()).isEqualTo(insert.rowKey()).isEqualTo("s.t|meter_id=M-17,reading_wh=15230");
    }

    @Test
    void truncateIsIdentifiedByItsTableAlone() throws Exception {
        assertThat(decode("postgresql/truncate").rowKey()).isEqualTo("public.orders|");
    }

    @Test
    void nestedValuesAreRenderedInCanonicalOrder() {
        Map<String, Object> za = new LinkedHashMap<>();
        za.put("z", 1L);
        za.put("a", Arrays.asList(2L, null));

        assertThat(CanonicalRowKey.of(T, Map.of("k", za))).isEqualTo("s.t|k={a=[2,\\N],z=1}");
    }
}
