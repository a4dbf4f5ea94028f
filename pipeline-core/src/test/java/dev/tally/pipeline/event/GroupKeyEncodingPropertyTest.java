package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A group key's hand-written encoding is what Jackson writes for the same array of canonical values. */
class GroupKeyEncodingPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 3000)
    void encodesAsJacksonWritesTheArray(@ForAll("keys") List<Object> values) throws Exception {
        ArrayNode array = JSON.createArrayNode();
        for (Object value : values) {
            switch (value) {
                case null -> array.addNull();
                case Long l -> array.add(l);
                case Boolean b -> array.add(b);
                case BigDecimal d -> array.add(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
                default -> array.add(value.toString());
            }
        }

        assertThat(new GroupKey(values).encoded()).isEqualTo(JSON.writeValueAsString(array));
    }

    @Example
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(new GroupKey(List.of("a\"b\\c\n\u0001é")).encoded()).isEqualTo("[\"a\\\"b\\\\c\\n\\u0001é\"]");
    }

    @Provide
    Arbitrary<List<Object>> keys() {
        Arbitrary<Object> value = Arbitraries.oneOf(
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.bigIntegers().between(java.math.BigInteger.valueOf(-1_000_000_000L),
                        java.math.BigInteger.valueOf(1_000_000_000L)).flatMap(unscaled -> Arbitraries.integers()
                        .between(-3, 6).map(scale -> (Object) new BigDecimal(unscaled, scale))),
                Arbitraries.strings().all().ofMaxLength(12).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.just(null));
        return value.list().ofMinSize(1).ofMaxSize(4).map(ArrayList::new);
    }
}
