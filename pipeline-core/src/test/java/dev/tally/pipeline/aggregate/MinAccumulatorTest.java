package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MinAccumulatorTest {

    private static final RowRef ROW = new RowRef("r1", "0001");

    private static Accumulator min(ValueType type) {
        return Accumulators.create(AggregateFunction.MIN, type);
    }

    @Test
    void minOfNothingIsNull() {
        assertThat(min(ValueType.LONG).result()).isNull();
    }

    @Test
    void retractingTheMinimumRevealsTheNextSmallest() {
        Accumulator min = min(ValueType.LONG);
        min.add(5L, ROW);
        min.add(2L, ROW);
        min.add(9L, ROW);
        min.retract(2L, ROW);

        assertThat(min.result()).isEqualTo(5L);
    }

    @Test
    void aDuplicatedMinimumStaysUntilEveryCopyIsRetracted() {
        Accumulator min = min(ValueType.LONG);
        min.add(2L, ROW);
        min.add(2L, ROW);
        min.add(7L, ROW);

        min.retract(2L, ROW);
        assertThat(min.result()).isEqualTo(2L);
        min.retract(2L, ROW);
        assertThat(min.result()).isEqualTo(7L);
        min.retract(7L, ROW);
        assertThat(min.result()).isNull();
    }

    @Test
    void decimalsEqualInValueAreOneValueWhateverTheirScale() {
        Accumulator min = min(ValueType.DECIMAL);
        min.add(new BigDecimal("2.5"), ROW);
        min.add(new BigDecimal("2.50"), ROW);
        min.add(new BigDecimal("3"), ROW);
        min.retract(new BigDecimal("2.500"), ROW);

        assertThat((BigDecimal) min.result()).isEqualByComparingTo("2.5");
        min.retract(new BigDecimal("2.5"), ROW);
        assertThat(min.result()).isEqualTo(new BigDecimal("3"));
    }

    @Test
    void negativeAndPositiveDoubleZeroAreOneValue() {
        Accumulator min = min(ValueType.DOUBLE);
        min.add(-0.0, ROW);
        min.add(1.0, ROW);
        min.retract(0.0, ROW);

        assertThat(min.result()).isEqualTo(1.0);
    }

    @Test
    void ordersStringsTimestampsDatesAndBooleans() {
        Accumulator strings = min(ValueType.STRING);
        strings.add("pear", ROW);
        strings.add("apple", ROW);
        Accumulator instants = min(ValueType.TIMESTAMP);
        instants.add(Instant.parse("2024-01-01T00:00:00Z"), ROW);
        instants.add(Instant.parse("1969-12-31T23:59:59Z"), ROW);
        Accumulator dates = min(ValueType.DATE);
        dates.add(LocalDate.of(2024, 3, 1), ROW);
        dates.add(LocalDate.of(2024, 2, 29), ROW);
        Accumulator booleans = min(ValueType.BOOLEAN);
        booleans.add(true, ROW);
        booleans.add(false, ROW);

        assertThat(strings.result()).isEqualTo("apple");
        assertThat(instants.result()).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(dates.result()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(booleans.result()).isEqualTo(false);
    }

    @Test
    void ignoresNullInputs() {
        Accumulator min = min(ValueType.LONG);
        min.add(null, ROW);
        min.add(3L, ROW);
        min.retract(null, ROW);

        assertThat(min.result()).isEqualTo(3L);
    }

    @Test
    void retractingAValueThatWasNeverAddedThrows() {
        Accumulator min = min(ValueType.LONG);
        min.add(3L, ROW);

        assertThatThrownBy(() -> min.retract(4L, ROW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("min(long)")
                .hasMessageContaining("never added");
        assertThat(min.result()).isEqualTo(3L);
    }

    @Test
    void restoredMinKeepsEveryValueWithItsMultiplicity() {
        Accumulator min = min(ValueType.DECIMAL);
        min.add(new BigDecimal("1.5"), ROW);
        min.add(new BigDecimal("1.5"), ROW);
        min.add(new BigDecimal("4.25"), ROW);

        Accumulator restored = Accumulators.restore(AggregateFunction.MIN, ValueType.DECIMAL, Json.viaText(min.toState()));
        restored.retract(new BigDecimal("1.5"), ROW);
        assertThat(restored.result()).isEqualTo(new BigDecimal("1.5"));
        restored.retract(new BigDecimal("1.5"), ROW);

        assertThat(min.toState()).hasToString("{\"values\":[[\"1.5\",2],[\"4.25\",1]]}");
        assertThat(restored.result()).isEqualTo(new BigDecimal("4.25"));
    }
}
