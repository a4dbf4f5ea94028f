package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.tally.pipeline.cdc.DebeziumFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class MariaDbEnvelopeDecodingTest {

    private static final TableId ORDERS = new TableId("shop", null, "orders");

    @Test
    void insertDecodesWithMariaDbGtid() throws Exception {
        RowChange change = decode("mariadb/insert");

        assertThat(change.op()).isEqualTo(Operation.CREATE);
        assertThat(change.table()).isEqualTo(ORDERS);
        assertThat(change.key()).containsExactly(entry("id", 1001L));
        assertThat(change.after()).contains(entry("status", "NEW"), entry("amount", "129.90"));
        assertThat(change.commitTime()).isEqualTo(Instant.ofEpochMilli(1795425302000L));
        assertThat(change.position()).isEqualTo(new MySqlPosition("mariadb-bin.000002", 2147L, 0, "0-1-118", 1L, 12L));
    }

    @Test
    void updateCarriesBeforeAndAfter() throws Exception {
        RowChange change = decode("mariadb/update");

        assertThat(change.op()).isEqualTo(Operation.UPDATE);
        assertThat(change.before()).contains(entry("status", "NEW"));
        assertThat(change.after()).contains(entry("status", "SHIPPED"));
        assertThat(change.position()).isEqualTo(new MySqlPosition("mariadb-bin.000002", 2519L, 0, "0-1-119", 1L, 12L));
    }

    @Test
    void deleteCarriesBeforeAndNoAfter() throws Exception {
        RowChange change = decode("mariadb/delete");

        assertThat(change.op()).isEqualTo(Operation.DELETE);
        assertThat(change.before()).contains(entry("id", 1001L));
        assertThat(change.after()).isNull();
        assertThat(change.position()).isEqualTo(new MySqlPosition("mariadb-bin.000002", 2891L, 0, "0-1-120", 1L, 14L));
    }

    @Test
    void snapshotReadIsFlaggedAsSnapshot() throws Exception {
        RowChange change = decode("mariadb/snapshot-read");

        assertThat(change.op()).isEqualTo(Operation.READ);
        assertThat(change.snapshot()).isTrue();
        assertThat(change.key()).containsExactly(entry("id", 1000L));
        assertThat(change.position()).isEqualTo(new MySqlPosition("mariadb-bin.000002", 1553L, 0, null, 0L, null));
    }
}
