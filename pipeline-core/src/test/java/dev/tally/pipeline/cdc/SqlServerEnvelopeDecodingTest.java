package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static dev.tally.pipeline.cdc.DebeziumFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SqlServerEnvelopeDecodingTest {

    private static final TableId ORDERS = new TableId("erp", "dbo", "orders");

    @Test
    void insertDecodesWithCommitAndChangeLsn() throws Exception {
        RowChange change = decode("sqlserver/insert");

        assertThat(change.op()).isEqualTo(Operation.CREATE);
        assertThat(change.table()).isEqualTo(ORDERS);
        assertThat(change.key()).containsExactly(entry("id", 1001L));
        assertThat(change.after()).containsExactly(
                entry("id", 1001L),
                entry("customer_id", 42L),
                entry("status", "NEW"),
                entry("amount", "129.90"),
                entry("express", false),
                entry("weight_kg", new BigDecimal("2.75")),
                entry("created_at", "2026-11-23T09:15:02.1234560Z"),
                entry("placed_local", 1795428902123L),
                entry("ship_date", 20782L));
        assertThat(change.commitTime()).isEqualTo(Instant.ofEpochMilli(1795425302470L));
        assertThat(change.snapshot()).isFalse();
        assertThat(change.position()).isEqualTo(new SqlServerPosition("00000027:00000758:0005", "00000027:00000758:0003", 1L));
    }

    @Test
    void updateCarriesBeforeAndAfter() throws Exception {
        RowChange change = decode("sqlserver/update");

        assertThat(change.op()).isEqualTo(Operation.UPDATE);
        assertThat(change.before()).contains(entry("status", "NEW"), entry("amount", "129.90"));
        assertThat(change.after()).contains(entry("status", "SHIPPED"), entry("amount", "119.90"));
        assertThat(change.position()).isEqualTo(new SqlServerPosition("00000027:00000ac0:0007", "00000027:00000ac0:0002", 2L));
    }

    @Test
    void deleteCarriesBeforeAndNoAfter() throws Exception {
        RowChange change = decode("sqlserver/delete");

        assertThat(change.op()).isEqualTo(Operation.DELETE);
        assertThat(change.before()).contains(entry("id", 1001L));
        assertThat(change.after()).isNull();
        assertThat(change.position()).isEqualTo(new SqlServerPosition("00000027:00000db0:0007", "00000027:00000db0:0005", 1L));
    }

    @Test
    void snapshotReadHasOnlyACommitLsn() throws Exception {
        RowChange change = decode("sqlserver/snapshot-read");

        assertThat(change.op()).isEqualTo(Operation.READ);
        assertThat(change.snapshot()).isTrue();
        assertThat(change.position()).isEqualTo(new SqlServerPosition("00000025:00000d98:00a2", null, 0L));
    }
}
