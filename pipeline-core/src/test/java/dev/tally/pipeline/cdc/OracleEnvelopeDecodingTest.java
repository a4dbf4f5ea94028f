package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

import static dev.tally.pipeline.cdc.DebeziumFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class OracleEnvelopeDecodingTest {

    private static final TableId ORDERS = new TableId("ORCLPDB1", "DEBEZIUM", "ORDERS");

    @Test
    void insertDecodesWithScnCommitScnAndTrimmedRsId() throws Exception {
        RowChange change = decode("oracle/insert");

        assertThat(change.op()).isEqualTo(Operation.CREATE);
        assertThat(change.table()).isEqualTo(ORDERS);
        assertThat(change.key()).containsExactly(entry("ID", 1001L));
        assertThat(change.after()).containsExactly(
                entry("ID", 1001L),
                entry("CUSTOMER_ID", 42L),
                entry("STATUS", "NEW"),
                entry("AMOUNT", "129.90"),
                entry("EXPRESS", 0L),
                entry("WEIGHT_KG", new BigDecimal("2.75")),
                entry("CREATED_AT", "2026-11-23T09:15:02.123456Z"),
                entry("PLACED_LOCAL", 1795428902123456L),
                entry("SHIP_DATE", 1795564800000L));
        assertThat(change.commitTime()).isEqualTo(Instant.ofEpochMilli(1795425302000L));
        assertThat(change.snapshot()).isFalse();
        assertThat(change.position()).isEqualTo(new OraclePosition(
                BigInteger.valueOf(2122185), BigInteger.valueOf(2122188), "0x000068.0000098e.0010", 0L, "0a001b00a3050000"));
    }

    @Test
    void updateCarriesBeforeAndAfterOfSupplementalLoggingAllColumns() throws Exception {
        RowChange change = decode("oracle/update");

        assertThat(change.op()).isEqualTo(Operation.UPDATE);
        assertThat(change.before()).hasSize(9).contains(entry("STATUS", "NEW"));
        assertThat(change.after()).contains(entry("STATUS", "SHIPPED"), entry("AMOUNT", "119.90"));
        assertThat(change.position()).isEqualTo(new OraclePosition(
                BigInteger.valueOf(2122301), BigInteger.valueOf(2122305), "0x000068.00000a11.0124", 0L, "0b000f00b1050000"));
    }

    @Test
    void deleteCarriesBeforeAndNoAfter() throws Exception {
        RowChange change = decode("oracle/delete");

        assertThat(change.op()).isEqualTo(Operation.DELETE);
        assertThat(change.before()).contains(entry("ID", 1001L));
        assertThat(change.after()).isNull();
        assertThat(((OraclePosition) change.position()).commitScn()).isEqualTo(BigInteger.valueOf(2122420));
    }

    @Test
    void snapshotReadHasOnlyAnScn() throws Exception {
        RowChange change = decode("oracle/snapshot-read");

        assertThat(change.op()).isEqualTo(Operation.READ);
        assertThat(change.snapshot()).isTrue();
        assertThat(change.key()).containsExactly(entry("ID", 1000L));
        assertThat(change.position()).isEqualTo(new OraclePosition(BigInteger.valueOf(2122100), null, null, 0L, null));
    }
}
