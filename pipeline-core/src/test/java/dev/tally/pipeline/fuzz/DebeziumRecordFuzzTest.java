package dev.tally.pipeline.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tally.pipeline.cdc.DebeziumEnvelopeDecoder;
import dev.tally.pipeline.cdc.DecodingException;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.event.ChangeMapper;
import dev.tally.pipeline.event.MappingException;
import java.util.Arrays;

/**
 * Any bytes, as a raw record of a Debezium topic, are decoded and mapped as ingest does, or refused with a reason: a
 * {@link DecodingException} of the decoder's own checks or a {@link MappingException}, both dead letters. Anything
 * else thrown, the decoder's catch-all for what its checks did not foresee included, and any hang is a finding.
 *
 * <p>The input is the record's key, a NUL byte, then its value (NUL never occurs in JSON); without a NUL it is the
 * value of a record without a key. Seeds and found crashes: {@code DebeziumRecordFuzzTestInputs/} under this package's
 * test resources.
 */
class DebeziumRecordFuzzTest {

    private static final DebeziumEnvelopeDecoder DECODER = new DebeziumEnvelopeDecoder();
    private static final ChangeMapper MAPPER = FuzzPipeline.mapper();

    @DictionaryEntries({"\"op\"", "\"before\"", "\"after\"", "\"source\"", "\"connector\"", "\"postgresql\"",
            "\"mysql\"", "\"mariadb\"", "\"sqlserver\"", "\"oracle\"", "\"ts_ms\"", "\"lsn\"", "\"sequence\"",
            "\"txId\"", "\"file\"", "\"pos\"", "\"row\"", "\"scn\"", "\"commit_scn\"", "\"commit_lsn\"",
            "\"change_lsn\"", "\"event_serial_no\"", "\"snapshot\"", "\"incremental\"", "\"schema\"", "\"payload\"",
            "\"fields\"", "\"field\"", "\"type\"", "\"name\"", "\"parameters\"", "\"scale\"", "\"items\"",
            "\"keys\"", "\"values\"", "\"struct\"", "\"int64\"", "\"bytes\"", "\"array\"", "\"map\"",
            "\"org.apache.kafka.connect.data.Decimal\"", "\"io.debezium.data.VariableScaleDecimal\"",
            "\"io.debezium.time.Date\"", "\"io.debezium.time.Timestamp\"", "\"io.debezium.time.MicroTimestamp\"",
            "\"io.debezium.time.NanoTimestamp\"", "\"io.debezium.time.ZonedTimestamp\"",
            "\"io.debezium.time.MicroTime\"", "\"created_at\"", "\"placed_local\"", "\"ship_date\"", "\"amount\"",
            "\"discount\"", "\"status\"", "\"customer_id\"", "\"weight_kg\"", "\"express\"", "9223372036854775807",
            "-9223372036854775808", "2147483647", "-2147483648", "999999999999", "-999999999999", "1e999", "\"NaN\"",
            "\"Infinity\""})
    @FuzzTest(maxExecutions = 60_000)
    void decodesAndMapsOrRefusesWithAReason(byte[] input) throws Exception {
        int nul = indexOfNul(input);
        byte[] key = nul < 0 ? null : Arrays.copyOfRange(input, 0, nul);
        byte[] value = nul < 0 ? input : Arrays.copyOfRange(input, nul + 1, input.length);
        RowChange change;
        try {
            change = DECODER.decode(key, value);
        } catch (DecodingException refused) {
            if (refused.getCause() instanceof RuntimeException unforeseen) {
                throw unforeseen;
            }
            Refusals.requireReason(refused);
            return;
        }
        if (change == null) {
            return;
        }
        try {
            MAPPER.map("orders", change, 0, 0L);
        } catch (MappingException refused) {
            Refusals.requireReason(refused);
        }
    }

    private static int indexOfNul(byte[] input) {
        for (int i = 0; i < input.length; i++) {
            if (input[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
