package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static dev.tally.pipeline.cdc.DebeziumFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class MySqlEnvelopeDecodingTest {

    private static final TableId ORDERS = new TableId("inventory", null, "orders");
    private static final String GTID_SOURCE = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @Test
    void insertDecodesWithDatabaseButNoSchema() throws Exception {
        RowChange change = decode("mysql/insert");

        assertThat(change.op()).isEqualTo(Operation.CREATE);
        assertThat(change.table()).isEqualTo(ORDERS);
        assertThat(change.key()).containsExactly(entry("id", 1001L));
        assertThat(change.before()).isNull();
        assertThat(change.after()).containsExactly(
                entry("id", 1001L),
                entry("customer_id", 42L),
                entry("status", "NEW"),
                entry("amount", "129.90"),
                entry("express", false),
                entry("weight_kg", new BigDecimal("2.75")),
                entry("created_at", "2026-11-23T09:15:02Z"),
                entry("placed_local", 1795428902123L),
                entry("ship_date", 20782L));
        assertThat(change.commitTime()).isEqualTo(Instant.ofEpochMilli(1795425302000L));
        assertThat(change.snapshot()).isFalse();
        assertThat(change.position()).isEqualTo(
                new MySqlPosition("mysql-bin.000003", 2147L, 0, GTID_SOURCE + ":23", 223344L, 12L));
    }

    @Test
    void updateCarriesFullBeforeImageOfBinlogRowImageFull() throws Exception {
        RowChange change = decode("mysql/update");

        assertThat(change.op()).isEqualTo(Operation.UPDATE);
        assertThat(change.before()).hasSize(9).contains(entry("status", "NEW"), entry("amount", "129.90"));
        assertThat(change.after()).contains(entry("status", "SHIPPED"), entry("amount", "119.90"));
        assertThat(change.position()).isEqualTo(
                new MySqlPosition("mysql-bin.000003", 2519L, 0, GTID_SOURCE + ":24", 223344L, 12L));
    }

    @Test
    void deleteCarriesBeforeAndNoAfter() throws Exception {
        RowChange change = decode("mysql/delete");

        assertThat(change.op()).isEqualTo(Operation.DELETE);
        assertThat(change.before()).contains(entry("id", 1001L), entry("status", "SHIPPED"));
        assertThat(change.after()).isNull();
        assertThat(change.position()).isEqualTo(
                new MySqlPosition("mysql-bin.000003", 2891L, 0, GTID_SOURCE + ":25", 223344L, 14L));
    }

    @Test
    void snapshotReadHasTheSnapshotBinlogPositionAndNoGtid() throws Exception {
        RowChange change = decode("mysql/snapshot-read");

        assertThat(change.op()).isEqualTo(Operation.READ);
        assertThat(change.snapshot()).isTrue();
        assertThat(change.after()).contains(entry("id", 1000L), entry("express", true));
        assertThat(change.position()).isEqualTo(new MySqlPosition("mysql-bin.000003", 1553L, 0, null, 0L, null));
        assertThat(change.position().connector()).isEqualTo("mysql");
    }
}
