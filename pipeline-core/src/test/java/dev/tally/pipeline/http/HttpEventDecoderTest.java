package dev.tally.pipeline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.cdc.HttpPosition;
import dev.tally.pipeline.cdc.Operation;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.model.SourceDefinition;
import dev.tally.pipeline.model.SourceType;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpEventDecoderTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:00Z");
    private final HttpEventDecoder decoder = new HttpEventDecoder();

    @Test
    void plainRowIsAnInsertWithExactNumbersAndTheFallbackId() throws Exception {
        RowChange change = change(source(Map.of("stake", ValueType.DECIMAL)),
                "{\"stake\": 0.1000000000000000055511151231257827, \"runner\": 12345678901234567890}");

        assertThat(change.op()).isEqualTo(Operation.CREATE);
        assertThat(change.before()).isNull();
        assertThat(change.after().get("stake")).isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
        assertThat(change.after().get("runner")).isEqualTo(new java.math.BigInteger("12345678901234567890"));
        assertThat(change.table().qualifiedName()).isEqualTo("bets");
        assertThat(change.commitTime()).isEqualTo(RECEIVED);
        assertThat(change.position()).isEqualTo(new HttpPosition("fallback", RECEIVED.toEpochMilli()));
    }

    @Test
    void envelopeIdAndKeyWinAndDeleteCarriesTheRowBefore() throws Exception {
        RowChange change = change(source(Map.of("stake", ValueType.DECIMAL)),
                "{\"op\":\"d\",\"id\":\"bet-9-void\",\"key\":{\"bet\":9},\"before\":{\"stake\":2.50}}");

        assertThat(change.op()).isEqualTo(Operation.DELETE);
        assertThat(change.after()).isNull();
        assertThat(change.before()).isEqualTo(Map.of("stake", new BigDecimal("2.50")));
        assertThat(change.rowKey()).isEqualTo("bets|bet=9");
        assertThat(change.position().asString()).isEqualTo("http:id=bet-9-void");
    }

    @Test
    void rowOfASourceWithAnOpColumnIsARowUnlessItCarriesImages() throws Exception {
        SourceDefinition source = source(Map.of("op", ValueType.STRING, "amount", ValueType.DECIMAL));

        assertThat(change(source, "{\"op\":\"refund\",\"amount\":3}").after()).containsEntry("op", "refund");
        assertThat(change(source, "{\"op\":\"c\",\"after\":{\"op\":\"sale\",\"amount\":3}}").after())
                .containsEntry("op", "sale");
    }

    @Test
    void envelopeMistakesAreNamed() {
        SourceDefinition source = source(Map.of("stake", ValueType.DECIMAL));

        assertThatThrownBy(() -> change(source, "{\"op\":\"c\",\"afer\":{\"stake\":1}}"))
                .hasMessage("unknown envelope field 'afer'; a change envelope has op, id, key, before and after");
        assertThatThrownBy(() -> change(source, "{\"op\":\"c\",\"before\":{\"stake\":1},\"after\":{\"stake\":1}}"))
                .hasMessageContaining("an insert ('c') has no 'before'");
        assertThatThrownBy(() -> change(source, "{\"op\":\"u\",\"id\":\" \",\"before\":{},\"after\":{}}"))
                .hasMessageContaining("envelope field 'id' is a string that is blank");
        assertThatThrownBy(() -> change(source, "{\"op\":\"c\",\"after\":[1]}"))
                .hasMessageContaining("envelope field 'after' is an array, not an object of columns");
    }

    @Test
    void numbersTooLargeToWriteOutAreRefused() {
        assertThatThrownBy(() -> change(source(Map.of("stake", ValueType.DECIMAL)), "{\"stake\": 1e999999999}"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("row.stake: the number 1E+999999999 is out of range");
    }

    @Test
    void numbersWhoseExponentNoDecimalCanHoldAreRefused() {
        // Found by HttpBodyFuzzTest: Jackson refused it with a NumberFormatException, which no caller expected.
        assertThatThrownBy(() -> decoder.read("{\"stake\": -92233720368541e99977580842}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("the body holds a number that cannot be read exactly: ")
                .hasMessageContaining("-92233720368541e99977580842");
    }

    @Test
    void bodiesThatAreNeitherObjectNorArrayAreRefused() {
        assertThatThrownBy(() -> decoder.read(new byte[0])).hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> decoder.read("\"bet\"".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("the body is a string");
        assertThatThrownBy(() -> decoder.read("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("the body is not JSON: Duplicate field 'a'");
    }

    private RowChange change(SourceDefinition source, String json) throws InvalidEventException {
        HttpEventDecoder.Body body = decoder.read(json.getBytes(StandardCharsets.UTF_8));
        return decoder.change(body.elements().getFirst(), source, "fallback", RECEIVED);
    }

    private static SourceDefinition source(Map<String, ValueType> columns) {
        return new SourceDefinition("bets", SourceType.HTTP, Optional.empty(), Optional.empty(), Optional.empty(),
                columns, Map.of(), Optional.empty());
    }
}
