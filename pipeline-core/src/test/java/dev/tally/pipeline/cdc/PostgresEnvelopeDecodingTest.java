package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static dev.tally.pipeline.cdc.DebeziumFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class PostgresEnvelopeDecodingTest {

    private static final TableId ORDERS = new TableId("plant", "public", "orders");

    /** JsonConverter with schemas.enable=false and decimal.handling.mode=string: the usual set-up. */
    @Nested
    class Schemaless {

        @Test
        void insertDecodesToCreateWithAfterRowKeyPositionAndCommitTime() throws Exception {
            RowChange change = decode("postgresql/insert");

            assertThat(change.op()).isEqualTo(Operation.CREATE);
            assertThat(change.table()).isEqualTo(ORDERS);
            assertThat(change.key()).containsExactly(entry("id", 1001L));
            assertThat(change.before()).isNull();
            assertThat(change.after()).containsExactly(
                    entry("id", 1001L),
                    entry("customer_id", 42L),
                    entry("status", "NEW"),
                    entry("amount", "129.90"),
                    entry("discount", "5.5"),
                    entry("express", false),
                    entry("weight_kg", new BigDecimal("2.75")),
                    entry("created_at", "2026-11-23T09:15:02.123456Z"),
                    entry("placed_local", 1795428902123456L),
                    entry("ship_date", 20782L));
            assertThat(change.commitTime()).isEqualTo(Instant.ofEpochMilli(1795425302456L));
            assertThat(change.position()).isEqualTo(new PostgresPosition(38127024L, 7781L, 38126912L));
            assertThat(change.snapshot()).isFalse();
        }

        @Test
        void updateCarriesTheFullBeforeImageOfReplicaIdentityFull() throws Exception {
            RowChange change = decode("postgresql/update");

            assertThat(change.op()).isEqualTo(Operation.UPDATE);
            assertThat(change.before()).contains(entry("status", "NEW"), entry("amount", "129.90"), entry("ship_date", 20782L));
            assertThat(change.before()).hasSize(10);
            assertThat(change.after()).contains(entry("status", "SHIPPED"), entry("amount", "119.90"), entry("ship_date", 20781L));
            assertThat(change.key()).containsExactly(entry("id", 1001L));
            assertThat(change.position()).isEqualTo(new PostgresPosition(38127400L, 7782L, 38127232L));
            assertThat(change.commitTime()).isEqualTo(Instant.ofEpochMilli(1795429817031L));
        }

        @Test
        void deleteCarriesBeforeAndNoAfter() throws Exception {
            RowChange change = decode("postgresql/delete");

            assertThat(change.op()).isEqualTo(Operation.DELETE);
            assertThat(change.before()).contains(entry("id", 1001L), entry("status", "SHIPPED"));
            assertThat(change.after()).isNull();
            assertThat(change.position()).isEqualTo(new PostgresPosition(38127680L, 7783L, 38127520L));
        }

        @Test
        void snapshotReadIsAReadFlaggedAsSnapshot() throws Exception {
            RowChange change = decode("postgresql/snapshot-read");

            assertThat(change.op()).isEqualTo(Operation.READ);
            assertThat(change.snapshot()).isTrue();
            assertThat(change.reread()).as("an initial snapshot read counts everywhere").isFalse();
            assertThat(change.key()).containsExactly(entry("id", 1000L));
            assertThat(change.after()).contains(entry("status", "PAID"), entry("amount", "15.00"), entry("discount", null),
                    entry("express", true), entry("weight_kg", new BigDecimal("0.5")));
            assertThat(change.position()).isEqualTo(new PostgresPosition(38126432L, 7779L, null));
        }

        @Test
        void incrementalSnapshotReadTakesItsLsnFromTheSequence() throws Exception {
            RowChange change = decode("postgresql/incremental-snapshot-read");

            assertThat(change.op()).isEqualTo(Operation.READ);
            assertThat(change.snapshot()).isTrue();
            assertThat(change.reread()).as("a row read again for a rebuild").isTrue();
            assertThat(change.position()).isEqualTo(new PostgresPosition(38127680L, null, 38127520L));
        }

        @Test
        void truncateDecodesWithoutKeyOrRows() throws Exception {
            RowChange change = decode("postgresql/truncate");

            assertThat(change.op()).isEqualTo(Operation.TRUNCATE);
            assertThat(change.table()).isEqualTo(ORDERS);
            assertThat(change.key()).isNull();
            assertThat(change.before()).isNull();
            assertThat(change.after()).isNull();
            assertThat(change.position()).isEqualTo(new PostgresPosition(38128016L, 7785L, 38127904L));
        }

        @Test
        void tombstoneAfterDeleteDecodesToNull() throws Exception {
            assertThat(decode("postgresql/delete-tombstone")).isNull();
        }

        @Test
        void keylessTableHasNullKey() throws Exception {
            RowChange change = decode("postgresql/keyless-insert");

            assertThat(change.table()).isEqualTo(new TableId("plant", "public", "meter_reading"));
            assertThat(change.key()).isNull();
            assertThat(change.after()).containsExactly(entry("meter_id", "M-17"), entry("site_code", "north"),
                    entry("reading_wh", 15230L), entry("ts", "2026-11-23T09:00:00Z"));
        }

        @Test
        void logicalDecodingMessageIsRefused() {
            assertThatThrownBy(() -> decode("postgresql/message"))
                    .isInstanceOf(DecodingException.class)
                    .hasMessage("logical decoding messages are not row changes");
        }
    }

    /** JsonConverter with schemas.enable=true and the default decimal.handling.mode=precise. */
    @Nested
    class WithSchema {

        @Test
        void insertConvertsEveryColumnByItsConnectSchema() throws Exception {
            RowChange change = decode("postgresql/with-schema/insert");

            assertThat(change.op()).isEqualTo(Operation.CREATE);
            assertThat(change.after()).containsExactly(
                    entry("id", 1001L),
                    entry("customer_id", 42L),
                    entry("status", "NEW"),
                    entry("amount", new BigDecimal("129.90")),
                    entry("discount", new BigDecimal("5.5")),
                    entry("express", false),
                    entry("weight_kg", 2.75d),
                    entry("created_at", Instant.parse("2026-11-23T09:15:02.123456Z")),
                    entry("placed_local", Instant.parse("2026-11-23T10:15:02.123456Z")),
                    entry("ship_date", LocalDate.of(2026, 11, 25)));
        }

        @Test
        void keyWithSchemaDecodesToItsColumns() throws Exception {
            assertThat(decode("postgresql/with-schema/insert").key()).containsExactly(entry("id", 1001L));
        }

        @Test
        void updateConvertsBothImages() throws Exception {
            RowChange change = decode("postgresql/with-schema/update");

            assertThat(change.before()).contains(entry("amount", new BigDecimal("129.90")), entry("ship_date", LocalDate.of(2026, 11, 25)));
            assertThat(change.after()).contains(entry("amount", new BigDecimal("119.90")), entry("ship_date", LocalDate.of(2026, 11, 24)));
        }

        @Test
        void deleteAndSnapshotReadDecode() throws Exception {
            RowChange delete = decode("postgresql/with-schema/delete");
            RowChange read = decode("postgresql/with-schema/snapshot-read");

            assertThat(delete.op()).isEqualTo(Operation.DELETE);
            assertThat(delete.before()).contains(entry("status", "SHIPPED"));
            assertThat(delete.after()).isNull();
            assertThat(read.op()).isEqualTo(Operation.READ);
            assertThat(read.snapshot()).isTrue();
            assertThat(read.after()).contains(entry("amount", new BigDecimal("15.00")), entry("discount", null));
        }

        @Test
        void givesTheSameTableKeyPositionAndTimeAsTheSchemalessRecord() throws Exception {
            for (String event : new String[] {"insert", "update", "delete", "snapshot-read"}) {
                RowChange withSchema = decode("postgresql/with-schema/" + event);
                RowChange bare = decode("postgresql/" + event);

                assertThat(withSchema.op()).isEqualTo(bare.op());
                assertThat(withSchema.table()).isEqualTo(bare.table());
                assertThat(withSchema.key()).isEqualTo(bare.key());
                assertThat(withSchema.position()).isEqualTo(bare.position());
                assertThat(withSchema.commitTime()).isEqualTo(bare.commitTime());
                assertThat(withSchema.snapshot()).isEqualTo(bare.snapshot());
                assertThat(withSchema.rowKey()).isEqualTo(bare.rowKey());
            }
        }
    }

    @Test
    void decodedRowsAreReadOnly() throws Exception {
        Map<String, Object> after = decode("postgresql/insert").after();

        assertThatThrownBy(() -> after.put("status", "HACKED")).isInstanceOf(UnsupportedOperationException.class);
    }
}
