package dev.tally.pipeline.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Consumer;

import static dev.tally.pipeline.cdc.DebeziumFixtures.key;
import static dev.tally.pipeline.cdc.DebeziumFixtures.utf8;
import static dev.tally.pipeline.cdc.DebeziumFixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecodingFailureReasonsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DebeziumEnvelopeDecoder decoder = new DebeziumEnvelopeDecoder();

    @Test
    void valueThatIsNotJsonNamesTheParserErrorAndWhereItIs() {
        assertThatThrownBy(() -> decoder.decode(null, utf8("{\"op\": c}")))
                .isInstanceOf(DecodingException.class)
                .hasMessage("value is not JSON: Unrecognized token 'c': was expecting"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1 column 8");
    }

    @Test
    void truncatedJsonIsNotJson() {
        assertThatThrownBy(() -> decoder.decode(null, utf8("{\"op\":\"c\"")))
                .hasMessageStartingWith("value is not JSON: Unexpected end-of-input");
    }

    @Test
    void trailingGarbageIsNotJson() {
        assertThatThrownBy(() -> decoder.decode(null, utf8("{\"op\":\"c\"} {}")))
                .hasMessageStartingWith("value is not JSON: Trailing token");
    }

    @Test
    void numberWhoseExponentNoDecimalCanHoldIsRefusedByItsOwnReason() {
        // Found by DebeziumRecordFuzzTest: Jackson refused it with a NumberFormatException, which only the
        // decoder's catch-all turned into a reason.
        assertThatThrownBy(() -> decoder.decode(utf8("{\"id\":1}"), utf8("{\"op\":\"c\",\"ts_ns\":1e10000000912381217}")))
                .isInstanceOf(DecodingException.class)
                .hasNoCause()
                .hasMessageStartingWith("value holds a number that cannot be read exactly: ")
                .hasMessageContaining("1e10000000912381217");
    }

    @Test
    void jsonArrayIsNotAnEnvelope() {
        assertThatThrownBy(() -> decoder.decode(null, utf8("[1,2]")))
                .hasMessage("value is a JSON array [1,2], not a Debezium change envelope");
    }

    @Test
    void jsonStringIsNotAnEnvelope() {
        assertThatThrownBy(() -> decoder.decode(null, utf8("\"hello\"")))
                .hasMessage("value is a JSON string \"hello\", not a Debezium change envelope");
    }

    @Test
    void flattenedRowHasNoOp() {
        assertThatThrownBy(() -> decoder.decode(null, utf8("{\"id\":1,\"status\":\"NEW\"}")))
                .hasMessage("envelope has no 'op' field");
    }

    @Test
    void opThatIsNotAStringIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> e.put("op", 1)))
                .hasMessage("envelope field 'op' is a JSON number 1, not a string");
    }

    @Test
    void unknownOpIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> e.put("op", "x")))
                .hasMessage("unknown operation 'x' (expected one of c, u, d, r, t)");
    }

    @Test
    void missingSourceIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> e.remove("source")))
                .hasMessage("envelope has no 'source' field");
    }

    @Test
    void sourceThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> e.put("source", "pg")))
                .hasMessage("envelope field 'source' is a JSON string \"pg\", not an object");
    }

    @Test
    void sourceWithoutConnectorIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> source(e).remove("connector")))
                .hasMessage("envelope has no 'source.connector' field naming the connector");
    }

    @Test
    void unknownConnectorIsNamed() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> source(e).put("connector", "mongodb")))
                .hasMessage("unknown connector 'mongodb' (expected postgresql, mysql, mariadb, sqlserver or oracle)");
    }

    @Test
    void sourceWithoutTableIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> source(e).remove("table")))
                .hasMessage("postgresql source has no 'table' field");
    }

    @Test
    void postgresSourceWithoutLsnOrSequenceIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> source(e).putNull("lsn").remove("sequence")))
                .hasMessage("postgresql source has no 'lsn' field");
    }

    @Test
    void postgresLsnThatIsNotAnIntegerIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> source(e).put("lsn", "abc")))
                .hasMessage("postgresql source field 'lsn' is not an integer, got a JSON string \"abc\"");
    }

    @Test
    void postgresSequenceThatIsNotTwoLsnsIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> source(e).put("sequence", "[\"1\"]")))
                .hasMessage("postgresql source field 'sequence' is not a JSON array of two LSNs: '[\"1\"]'");
    }

    @Test
    void mySqlSourceWithoutBinlogFileIsRefused() {
        assertThatThrownBy(() -> decodeMutated("mysql/insert", e -> source(e).remove("file")))
                .hasMessage("mysql source has no 'file' field");
    }

    @Test
    void mariaDbSourceWithoutPositionIsRefused() {
        assertThatThrownBy(() -> decodeMutated("mariadb/insert", e -> source(e).putNull("pos")))
                .hasMessage("mariadb source has no 'pos' field");
    }

    @Test
    void sqlServerSourceWithoutCommitLsnIsRefused() {
        assertThatThrownBy(() -> decodeMutated("sqlserver/insert", e -> source(e).putNull("commit_lsn")))
                .hasMessage("sqlserver source has no 'commit_lsn' field");
    }

    @Test
    void sqlServerLsnOfTheWrongShapeIsRefused() {
        assertThatThrownBy(() -> decodeMutated("sqlserver/insert", e -> source(e).put("change_lsn", "27:zz:1")))
                .hasMessage("sqlserver source field 'change_lsn' is not an LSN like 00000027:00000758:0003: '27:zz:1'");
    }

    @Test
    void oracleSourceWithoutScnIsRefused() {
        assertThatThrownBy(() -> decodeMutated("oracle/insert", e -> source(e).remove("scn")))
                .hasMessage("oracle source has no 'scn' field");
    }

    @Test
    void oracleScnThatIsNotANonNegativeIntegerIsRefused() {
        assertThatThrownBy(() -> decodeMutated("oracle/insert", e -> source(e).put("scn", "-5")))
                .hasMessage("oracle source field 'scn' is not a non-negative integer, got a JSON string \"-5\"");
    }

    @Test
    void updateWithoutAfterIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/update", e -> e.putNull("after")))
                .hasMessage("update event has no 'after' row");
    }

    @Test
    void createWithoutAfterIsRefused() {
        assertThatThrownBy(() -> decodeMutated("mysql/insert", e -> e.remove("after")))
                .hasMessage("create event has no 'after' row");
    }

    @Test
    void snapshotReadWithoutAfterIsRefused() {
        assertThatThrownBy(() -> decodeMutated("oracle/snapshot-read", e -> e.putNull("after")))
                .hasMessage("snapshot read event has no 'after' row");
    }

    @Test
    void deleteWithoutBeforeIsRefused() {
        assertThatThrownBy(() -> decodeMutated("sqlserver/delete", e -> e.putNull("before")))
                .hasMessage("delete event has no 'before' row");
    }

    @Test
    void rowImageThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> e.putArray("after")))
                .hasMessage("envelope field 'after' is a JSON array [], not a row object");
    }

    @Test
    void envelopeWithoutAnyTimestampIsRefused() {
        assertThatThrownBy(() -> decodeMutated("postgresql/insert", e -> {
            source(e).remove("ts_ms");
            e.remove("ts_ms");
        })).hasMessage("envelope has neither 'source.ts_ms' nor 'ts_ms'");
    }

    @Test
    void commitTimeFallsBackToTheEnvelopeTimestamp() throws Exception {
        RowChange change = decodeMutated("postgresql/insert", e -> source(e).remove("ts_ms"));

        assertThat(change.commitTime()).isEqualTo(Instant.ofEpochMilli(1795425302687L));
    }

    @Test
    void keyThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> decoder.decode(utf8("{id:1}"), value("postgresql/insert")))
                .hasMessageStartingWith("key is not JSON: Unexpected character ('i' (code 105))");
    }

    @Test
    void keyThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> decoder.decode(utf8("[1001]"), value("postgresql/insert")))
                .hasMessage("key is a JSON array [1001], not an object of key columns");
    }

    @Test
    void valueThatDoesNotMatchItsSchemaNamesTheColumn() {
        assertThatThrownBy(() -> decodeMutated("postgresql/with-schema/insert", e -> after(e).put("id", "abc")))
                .hasMessage("after.id: expected int64 (an integer), got a JSON string \"abc\"");
    }

    @Test
    void decimalThatIsNotBase64NamesTheColumn() {
        assertThatThrownBy(() -> decodeMutated("postgresql/with-schema/insert", e -> after(e).put("amount", "12.5")))
                .hasMessageStartingWith("after.amount: Decimal value is not base64: ");
    }

    @ParameterizedTest(name = "value {0}")
    @ValueSource(strings = {"", "null", " ", "{\"schema\":{\"type\":\"struct\",\"fields\":[]},\"payload\":null}"})
    void tombstonesDecodeToNull(String value) throws Exception {
        assertThat(decoder.decode(key("postgresql/delete"), utf8(value))).isNull();
    }

    @Test
    void nullValueIsATombstone() throws Exception {
        assertThat(decoder.decode(key("postgresql/delete"), null)).isNull();
    }

    private RowChange decodeMutated(String fixture, Consumer<ObjectNode> mutation) throws DecodingException {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(value(fixture));
            ObjectNode envelope = root.has("payload") && root.has("schema") ? (ObjectNode) root.get("payload") : root;
            mutation.accept(envelope);
            return decoder.decode(key(fixture), JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode source(ObjectNode envelope) {
        return (ObjectNode) envelope.get("source");
    }

    private static ObjectNode after(ObjectNode envelope) {
        return (ObjectNode) envelope.get("after");
    }
}
