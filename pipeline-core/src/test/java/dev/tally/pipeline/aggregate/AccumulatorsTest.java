package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AccumulatorsTest {

    /** Three distinct values of each declared type, in ascending order. */
    private static final Map<ValueType, List<Object>> SAMPLES = Map.of(
            ValueType.LONG, List.of(-7L, 0L, 42L),
            ValueType.DOUBLE, List.of(-1.5, 0.1, 1e300),
            ValueType.DECIMAL, List.of(new BigDecimal("-1E+3"), new BigDecimal("0.10"), new BigDecimal("12345678901234567890.123")),
            ValueType.STRING, List.of("", "a\"quoted\"", "zeta"),
            ValueType.BOOLEAN, List.of(false, true, true),
            ValueType.TIMESTAMP, List.of(Instant.parse("1900-01-01T00:00:00Z"), Instant.EPOCH, Instant.parse("2024-02-29T12:00:00.000000001Z")),
            ValueType.DATE, List.of(LocalDate.of(1, 1, 1), LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31)));

    static Stream<Arguments> supportedCombinations() {
        return Stream.of(AggregateFunction.values())
                .flatMap(f -> Stream.of(ValueType.values()).filter(t -> Accumulators.supports(f, t))
                        .map(t -> Arguments.of(f, t)));
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("supportedCombinations")
    void restoredAccumulatorBehavesLikeTheOriginal(AggregateFunction function, ValueType type) {
        List<Object> values = SAMPLES.get(type);
        Accumulator original = Accumulators.create(function, type);
        for (int i = 0; i < values.size(); i++) {
            original.add(values.get(i), new RowRef("r" + i, "000" + i));
        }
        JsonNode state = original.toState();
        Accumulator restored = Accumulators.restore(function, type, Json.viaText(state));

        assertThat(restored.toState()).isEqualTo(state);
        assertThat(restored.result()).isEqualTo(original.result());
        for (int i = values.size() - 1; i >= 0; i--) {
            original.retract(values.get(i), new RowRef("r" + i, "999"));
            restored.retract(values.get(i), new RowRef("r" + i, "999"));
            assertThat(restored.result()).isEqualTo(original.result());
            assertThat(restored.toState()).isEqualTo(original.toState());
        }
    }

    @Test
    void onlyCountTakesNoArgument() {
        assertThat(Accumulators.supports(AggregateFunction.COUNT, null)).isTrue();
        for (AggregateFunction f : List.of(AggregateFunction.SUM, AggregateFunction.AVG, AggregateFunction.MIN,
                AggregateFunction.MAX, AggregateFunction.LATEST)) {
            assertThat(Accumulators.supports(f, null)).as("%s()", f).isFalse();
        }
    }

    @Test
    void sumAndAvgNeedNumbers() {
        assertThatThrownBy(() -> Accumulators.create(AggregateFunction.SUM, ValueType.STRING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numeric");
        assertThat(Accumulators.supports(AggregateFunction.AVG, ValueType.TIMESTAMP)).isFalse();
        assertThat(Accumulators.supports(AggregateFunction.MIN, ValueType.BOOLEAN)).isTrue();
    }

    @Test
    void resultTypesFollowTheFunction() {
        assertThat(Accumulators.resultType(AggregateFunction.COUNT, null)).isEqualTo(ValueType.LONG);
        assertThat(Accumulators.resultType(AggregateFunction.SUM, ValueType.LONG)).isEqualTo(ValueType.LONG);
        assertThat(Accumulators.resultType(AggregateFunction.SUM, ValueType.DOUBLE)).isEqualTo(ValueType.DECIMAL);
        assertThat(Accumulators.resultType(AggregateFunction.AVG, ValueType.LONG)).isEqualTo(ValueType.DECIMAL);
        assertThat(Accumulators.resultType(AggregateFunction.MAX, ValueType.DATE)).isEqualTo(ValueType.DATE);
        assertThat(Accumulators.resultType(AggregateFunction.LATEST, ValueType.BOOLEAN)).isEqualTo(ValueType.BOOLEAN);
    }

    @Test
    void onlyCountAndSumAcceptDeltas() {
        for (AggregateFunction f : AggregateFunction.values()) {
            ValueType type = f == AggregateFunction.COUNT ? null : ValueType.LONG;
            assertThat(Accumulators.create(f, type) instanceof DeltaAccumulator).as("%s", f).isEqualTo(f.acceptsDelta());
        }
    }

    @Test
    void restoreRejectsStatesOfTheWrongShape() {
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.COUNT, null, Json.parse("{\"n\":-1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.SUM, ValueType.LONG, Json.parse("{\"n\":1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sum'");
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.SUM, ValueType.LONG, Json.parse("{\"n\":1,\"sum\":\"1.5\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.MIN, ValueType.LONG, Json.parse("{\"values\":[[1,0]]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive multiplicity");
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.MIN, ValueType.DECIMAL,
                Json.parse("{\"values\":[[\"2.5\",1],[\"2.50\",1]]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.MAX, ValueType.TIMESTAMP, Json.parse("{\"values\":[[\"yesterday\",1]]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a timestamp");
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.LATEST, ValueType.LONG, Json.parse("{\"rows\":[[\"a\",1]]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[rowKey, order, value]");
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.LATEST, ValueType.LONG, Json.parse("[]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
    }
}
