package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static dev.tally.pipeline.cdc.DebeziumFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;

/** A position's orderKey sorts lexically in the order its source log holds the changes. */
class SourcePositionOrderTest {

    @Test
    void postgresLsn9SortsBeforeLsn10() {
        assertThat(new PostgresPosition(9L, 1L).orderKey()).isLessThan(new PostgresPosition(10L, 1L).orderKey());
        assertThat(new PostgresPosition(0xFFL, 1L).orderKey()).isLessThan(new PostgresPosition(0x100L, 1L).orderKey());
    }

    @Test
    void postgresOrdersByCommitBeforeLsn() {
        // Transaction B commits at 350 before A, whose first change has the lower LSN 100: B streams first.
        PostgresPosition changeOfB = new PostgresPosition(200L, 2L, 90L);
        PostgresPosition changeOfA = new PostgresPosition(100L, 1L, 350L);

        assertThat(changeOfB.orderKey()).isLessThan(changeOfA.orderKey());
    }

    @Test
    void postgresAsStringIsUnchangedByTheCommitLsn() {
        assertThat(new PostgresPosition(38127024L, 7781L, 38126912L).asString()).isEqualTo("pg:lsn=38127024:tx=7781");
    }

    @Test
    void mySqlNextBinlogFileSortsAfterAHigherPositionInThePreviousOne() {
        MySqlPosition end = new MySqlPosition("mysql-bin.000009", 999L, 0);
        MySqlPosition start = new MySqlPosition("mysql-bin.000010", 4L, 0);

        assertThat(end.orderKey()).isLessThan(start.orderKey());
    }

    @Test
    void mySqlBinlogIndexPastSixDigitsStillSortsNumerically() {
        assertThat(new MySqlPosition("mysql-bin.999999", 4L, 0).orderKey())
                .isLessThan(new MySqlPosition("mysql-bin.1000000", 4L, 0).orderKey());
    }

    @Test
    void mySqlRowsOfOneEventSortByRow() {
        assertThat(new MySqlPosition("mysql-bin.000003", 2147L, 1).orderKey())
                .isLessThan(new MySqlPosition("mysql-bin.000003", 2147L, 2).orderKey())
                .isLessThan(new MySqlPosition("mysql-bin.000003", 2148L, 0).orderKey());
    }

    @Test
    void sqlServerLsnsSortByCommitThenChangeThenSerial() {
        SqlServerPosition first = new SqlServerPosition("00000027:00000758:0005", "00000027:00000758:0003", 1L);
        SqlServerPosition second = new SqlServerPosition("00000027:00000758:0005", "00000027:00000758:0004", 1L);
        SqlServerPosition third = new SqlServerPosition("00000027:00000758:0005", "00000027:00000758:0004", 2L);
        SqlServerPosition hexLater = new SqlServerPosition("00000027:00000ac0:0007", "00000027:00000ac0:0002", 1L);

        assertThat(first.orderKey()).isLessThan(second.orderKey());
        assertThat(second.orderKey()).isLessThan(third.orderKey());
        assertThat(third.orderKey()).isLessThan(hexLater.orderKey());
    }

    @Test
    void sqlServerSnapshotSortsBeforeChangesCommittedLater() {
        SqlServerPosition snapshot = new SqlServerPosition("00000025:00000d98:00a2", null, 0L);
        SqlServerPosition change = new SqlServerPosition("00000027:00000758:0005", "00000027:00000758:0003", 1L);

        assertThat(snapshot.orderKey()).isLessThan(change.orderKey());
    }

    @Test
    void sqlServerLsnsAreReadInCanonicalForm() throws Exception {
        RowChange change = DebeziumFixtures.decode("sqlserver/insert");
        SqlServerPosition position = (SqlServerPosition) change.position();

        assertThat(position.commitLsn()).isEqualTo("00000027:00000758:0005");
        assertThat(new DebeziumEnvelopeDecoder().decode(null, DebeziumFixtures.utf8(
                new String(DebeziumFixtures.value("sqlserver/insert")).replace("00000027:00000758:0005", "27:758:5"))).position())
                .isEqualTo(position);
    }

    @Test
    void oracleScnsOfDifferentDigitCountsSortNumerically() {
        OraclePosition sevenDigits = new OraclePosition(BigInteger.valueOf(9_999_999L), BigInteger.valueOf(9_999_999L), null, 0L);
        OraclePosition eightDigits = new OraclePosition(BigInteger.valueOf(10_000_000L), BigInteger.valueOf(10_000_000L), null, 0L);
        OraclePosition twentyDigits = new OraclePosition(new BigInteger("18446744073709551615"), new BigInteger("18446744073709551615"), null, 0L);

        assertThat(sevenDigits.orderKey()).isLessThan(eightDigits.orderKey());
        assertThat(eightDigits.orderKey()).isLessThan(twentyDigits.orderKey());
    }

    @Test
    void oracleCommitScnLeads() {
        // A long transaction's early change (SCN 100) committed at 500 streams after a change committed at 300.
        OraclePosition committedEarlier = new OraclePosition(BigInteger.valueOf(250), BigInteger.valueOf(300), null, 0L);
        OraclePosition committedLater = new OraclePosition(BigInteger.valueOf(100), BigInteger.valueOf(500), null, 0L);

        assertThat(committedEarlier.orderKey()).isLessThan(committedLater.orderKey());
    }

    @Test
    void everyConnectorsFixturesSortInLogOrder() throws Exception {
        for (String connector : List.of("postgresql", "mysql", "mariadb", "sqlserver", "oracle")) {
            List<String> keys = List.of(
                    decode(connector + "/snapshot-read").position().orderKey(),
                    decode(connector + "/insert").position().orderKey(),
                    decode(connector + "/update").position().orderKey(),
                    decode(connector + "/delete").position().orderKey());

            assertThat(keys).as(connector).isSorted().doesNotHaveDuplicates();
        }
    }
}
