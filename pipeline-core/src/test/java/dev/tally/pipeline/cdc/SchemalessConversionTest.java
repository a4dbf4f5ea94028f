package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static dev.tally.pipeline.cdc.DebeziumFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** How a column is converted when the record carries no schema: by its JSON type, exactly. */
class SchemalessConversionTest {

    private final DebeziumEnvelopeDecoder decoder = new DebeziumEnvelopeDecoder();

    @Test
    void integersAreLongsAndBigIntegersPastLong() throws Exception {
        assertThat(after("{\"small\": 1, \"max\": 9223372036854775807, \"past\": 18446744073709551615, \"neg\": -9223372036854775809}"))
                .containsExactly(
                        entry("small", 1L),
                        entry("max", Long.MAX_VALUE),
                        entry("past", new BigInteger("18446744073709551615")),
                        entry("neg", new BigInteger("-9223372036854775809")));
    }

    @Test
    void decimalsAreExactBigDecimalsThatKeepTheirScale() throws Exception {
        assertThat(after("{\"tenth\": 0.1, \"price\": 12.50, \"huge\": 1e400, \"long\": 3.141592653589793238462643383279}"))
                .containsExactly(
                        entry("tenth", new BigDecimal("0.1")),
                        entry("price", new BigDecimal("12.50")),
                        entry("huge", new BigDecimal("1e400")),
                        entry("long", new BigDecimal("3.141592653589793238462643383279")));
    }

    @Test
    void stringsBooleansAndNullsStayAsTheyAre() throws Exception {
        assertThat(after("{\"s\": \"129.90\", \"b\": true, \"n\": null}"))
                .containsExactly(entry("s", "129.90"), entry("b", true), entry("n", null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void nestedObjectsAndArraysBecomeMapsAndLists() throws Exception {
        Map<String, Object> after = after("{\"tags\": [\"a\", 2], \"meta\": {\"z\": 1, \"a\": [true]}}");

        assertThat(after.get("tags")).isEqualTo(List.of("a", 2L));
        assertThat(after.get("meta")).isInstanceOf(Map.class);
        assertThat((Map<String, Object>) after.get("meta")).containsExactly(entry("z", 1L), entry("a", List.of(true)));
    }

    @Test
    void columnsKeepTheirOrder() throws Exception {
        assertThat(after("{\"zeta\": 1, \"alpha\": 2, \"mid\": 3}").keySet()).containsExactly("zeta", "alpha", "mid");
    }

    private Map<String, Object> after(String row) throws DecodingException {
        String value = "{\"before\":null,\"after\":" + row + ",\"op\":\"c\",\"source\":{\"connector\":\"mysql\",\"ts_ms\":1,"
                + "\"db\":\"inventory\",\"table\":\"t\",\"file\":\"mysql-bin.000001\",\"pos\":4,\"row\":0}}";
        return decoder.decode(null, utf8(value)).after();
    }
}
