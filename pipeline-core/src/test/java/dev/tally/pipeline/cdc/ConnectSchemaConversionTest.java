package dev.tally.pipeline.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static dev.tally.pipeline.cdc.DebeziumFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** How a column is converted when the record carries its Connect schema. */
class ConnectSchemaConversionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DebeziumEnvelopeDecoder decoder = new DebeziumEnvelopeDecoder();

    @Test
    void decimalBytesAreTheUnscaledBigEndianValueAtTheSchemaScale() throws Exception {
        String decimal = "{'type':'bytes','name':'org.apache.kafka.connect.data.Decimal','version':1,"
                + "'parameters':{'scale':'2','connect.decimal.precision':'10'}}";

        assertThat(column(decimal, "'Mr4='")).isEqualTo(new BigDecimal("129.90"));
        assertThat(column(decimal.replace("'scale':'2'", "'scale':'3'"), "'z8c='")).isEqualTo(new BigDecimal("-12.345"));
    }

    @Test
    void decimalWrittenAsNumberIsTakenExactly() throws Exception {
        String decimal = "{'type':'bytes','name':'org.apache.kafka.connect.data.Decimal','parameters':{'scale':'2'}}";

        assertThat(column(decimal, "129.90")).isEqualTo(new BigDecimal("129.90"));
    }

    @Test
    void variableScaleDecimalCarriesItsOwnScale() throws Exception {
        String schema = "{'type':'struct','name':'io.debezium.data.VariableScaleDecimal','version':1,"
                + "'fields':[{'type':'int32','field':'scale'},{'type':'bytes','field':'value'}]}";

        assertThat(column(schema, "{'scale':1,'value':'Nw=='}")).isEqualTo(new BigDecimal("5.5"));
        assertThat(column(schema, "{'scale':0,'value':'Mr4='}")).isEqualTo(new BigDecimal("12990"));
    }

    @Test
    void decimalsWhosePlainTextWouldBeHugeAreRefusedNamingTheColumn() {
        // Found while writing DebeziumRecordFuzzTest: a key column of scale -2147483647 ran the row key's plain text
        // out of memory; the schemaless path already refused such numbers.
        String decimal = "{'type':'bytes','name':'org.apache.kafka.connect.data.Decimal','parameters':{'scale':'%s'}}";
        String variable = "{'type':'struct','name':'io.debezium.data.VariableScaleDecimal',"
                + "'fields':[{'type':'int32','field':'scale'},{'type':'bytes','field':'value'}]}";

        assertThatThrownBy(() -> column(decimal.formatted("-2147483647"), "'AQ=='"))
                .isInstanceOf(DecodingException.class)
                .hasMessage("after.c: the number 1E+2147483647 is out of range (at most 1000 digits, exponent within ±1000)");
        assertThatThrownBy(() -> column(variable, "{'scale':2147483647,'value':'AQ=='}"))
                .hasMessageStartingWith("after.c: the number 1E-2147483647 is out of range");
        assertThatThrownBy(() -> column(decimal.formatted("2"), "1e-5000"))
                .hasMessageStartingWith("after.c: the number 1E-5000 is out of range");
    }

    @Test
    void datesAreDaysSinceTheEpoch() throws Exception {
        assertThat(column("{'type':'int32','name':'io.debezium.time.Date'}", "20782")).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(column("{'type':'int32','name':'org.apache.kafka.connect.data.Date'}", "-1")).isEqualTo(LocalDate.of(1969, 12, 31));
    }

    @Test
    void dateOutOfRangeNamesTheColumn() {
        assertThatThrownBy(() -> column("{'type':'int32','name':'io.debezium.time.Date'}", "9223372036854775807"))
                .hasMessage("after.c: io.debezium.time.Date 9223372036854775807 is out of the range of dates");
    }

    @Test
    void timestampsAreMillisMicrosOrNanosSinceTheEpoch() throws Exception {
        assertThat(column("{'type':'int64','name':'io.debezium.time.Timestamp'}", "1795425302123"))
                .isEqualTo(Instant.parse("2026-11-23T09:15:02.123Z"));
        assertThat(column("{'type':'int64','name':'org.apache.kafka.connect.data.Timestamp'}", "0"))
                .isEqualTo(Instant.EPOCH);
        assertThat(column("{'type':'int64','name':'io.debezium.time.MicroTimestamp'}", "1795428902123456"))
                .isEqualTo(Instant.parse("2026-11-23T10:15:02.123456Z"));
        assertThat(column("{'type':'int64','name':'io.debezium.time.NanoTimestamp'}", "1795428902123456789"))
                .isEqualTo(Instant.parse("2026-11-23T10:15:02.123456789Z"));
    }

    @Test
    void microTimestampBeforeTheEpochRoundsTowardsThePast() throws Exception {
        assertThat(column("{'type':'int64','name':'io.debezium.time.MicroTimestamp'}", "-1"))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    @Test
    void zonedTimestampIsParsedToTheInstantWhateverItsOffset() throws Exception {
        String zoned = "{'type':'string','name':'io.debezium.time.ZonedTimestamp','version':1}";

        assertThat(column(zoned, "'2026-11-23T09:15:02.123456Z'")).isEqualTo(Instant.parse("2026-11-23T09:15:02.123456Z"));
        assertThat(column(zoned, "'2026-11-23T10:15:02.5+01:00'")).isEqualTo(Instant.parse("2026-11-23T09:15:02.500Z"));
    }

    @Test
    void zonedTimestampThatDoesNotParseNamesTheColumn() {
        assertThatThrownBy(() -> column("{'type':'string','name':'io.debezium.time.ZonedTimestamp'}", "'yesterday'"))
                .isInstanceOf(DecodingException.class)
                .hasMessage("after.c: ZonedTimestamp 'yesterday' is not an ISO-8601 date-time with offset");
    }

    @Test
    void timesOfDayAreMillisMicrosOrNanosSinceMidnight() throws Exception {
        assertThat(column("{'type':'int32','name':'io.debezium.time.Time'}", "3600000")).isEqualTo(LocalTime.of(1, 0));
        assertThat(column("{'type':'int32','name':'org.apache.kafka.connect.data.Time'}", "1500")).isEqualTo(LocalTime.of(0, 0, 1, 500_000_000));
        assertThat(column("{'type':'int64','name':'io.debezium.time.MicroTime'}", "3600000001")).isEqualTo(LocalTime.of(1, 0, 0, 1_000));
        assertThat(column("{'type':'int64','name':'io.debezium.time.NanoTime'}", "86399999999999")).isEqualTo(LocalTime.MAX);
    }

    @Test
    void midnightAtTheEndOfTheDayIsRefused() {
        assertThatThrownBy(() -> column("{'type':'int64','name':'io.debezium.time.MicroTime'}", "86400000000"))
                .hasMessage("after.c: io.debezium.time.MicroTime 86400000000 is not a time of day (24:00 and later are not representable)");
    }

    @Test
    void zonedTimeStaysText() throws Exception {
        assertThat(column("{'type':'string','name':'io.debezium.time.ZonedTime'}", "'10:15:30.5Z'")).isEqualTo("10:15:30.5Z");
    }

    @Test
    void primitiveTypesMapToLongDoubleBooleanStringAndBytes() throws Exception {
        assertThat(column("{'type':'int8'}", "-7")).isEqualTo(-7L);
        assertThat(column("{'type':'int16'}", "300")).isEqualTo(300L);
        assertThat(column("{'type':'int32'}", "70000")).isEqualTo(70000L);
        assertThat(column("{'type':'int64'}", "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(column("{'type':'float'}", "0.5")).isEqualTo(0.5d);
        assertThat(column("{'type':'double'}", "2.75")).isEqualTo(2.75d);
        assertThat(column("{'type':'boolean'}", "true")).isEqualTo(true);
        assertThat(column("{'type':'string'}", "'x'")).isEqualTo("x");
        assertThat(column("{'type':'bytes'}", "'AQID'")).isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void nonFiniteDoublesArriveAsText() throws Exception {
        assertThat(column("{'type':'double'}", "'NaN'")).isEqualTo(Double.NaN);
        assertThat(column("{'type':'double'}", "'-Infinity'")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void otherLogicalTypesConvertByTheirPrimitiveType() throws Exception {
        assertThat(column("{'type':'string','name':'io.debezium.data.Json'}", "'{\\\"a\\\":1}'")).isEqualTo("{\"a\":1}");
        assertThat(column("{'type':'string','name':'io.debezium.data.Uuid'}", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"))
                .isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(column("{'type':'bytes','name':'io.debezium.data.Bits'}", "'BQ=='")).isEqualTo(new byte[] {5});
        assertThat(column("{'type':'int32','name':'io.debezium.time.Year'}", "2026")).isEqualTo(2026L);
    }

    @Test
    void arraysMapsAndStructsConvertTheirElements() throws Exception {
        assertThat(column("{'type':'array','items':{'type':'int32','name':'io.debezium.time.Date'}}", "[0, 1]"))
                .isEqualTo(List.of(LocalDate.EPOCH, LocalDate.EPOCH.plusDays(1)));
        assertThat(column("{'type':'map','keys':{'type':'string'},'values':{'type':'int64'}}", "{'a':1}"))
                .isEqualTo(Map.of("a", 1L));
        assertThat(column("{'type':'map','keys':{'type':'int32'},'values':{'type':'string'}}", "[[1,'one']]"))
                .isEqualTo(Map.of(1L, "one"));
        assertThat(column("{'type':'struct','fields':[{'type':'int64','name':'io.debezium.time.Timestamp','field':'at'}]}", "{'at':0}"))
                .isEqualTo(Map.of("at", Instant.EPOCH));
    }

    @Test
    void nullStaysNull() throws Exception {
        assertThat(column("{'type':'bytes','name':'org.apache.kafka.connect.data.Decimal','parameters':{'scale':'2'}}", "null")).isNull();
    }

    @Test
    void recordWithNullSchemaConvertsLikeASchemalessOne() throws Exception {
        RowChange change = decoder.decode(null, json("{'schema':null,'payload':"
                + "{'after':{'n':12.50},'op':'c','source':{'connector':'postgresql','ts_ms':1,'db':'d','schema':'s','table':'t','lsn':1}}}"));

        assertThat(change.after()).containsExactly(entry("n", new BigDecimal("12.50")));
    }

    /** Decodes a with-schema create event whose after row has one column {@code c} of the given schema and value. */
    private Object column(String fieldSchema, String value) throws DecodingException {
        try {
            ObjectNode field = (ObjectNode) JSON.readTree(quotes(fieldSchema));
            field.put("field", "c");
            String record = quotes("{'schema':{'type':'struct','name':'s.t.Envelope','fields':["
                    + "{'type':'struct','optional':true,'name':'s.t.Value','field':'after','fields':[" + field + "]},"
                    + "{'type':'string','field':'op'}]},"
                    + "'payload':{'after':{'c':" + value + "},'op':'c',"
                    + "'source':{'connector':'postgresql','ts_ms':1,'db':'d','schema':'s','table':'t','lsn':1}}}");
            return decoder.decode(null, utf8(record)).after().get("c");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] json(String singleQuoted) {
        return utf8(quotes(singleQuoted));
    }

    /** Single quotes stand for double quotes, to keep the JSON in these tests readable. */
    private static String quotes(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
