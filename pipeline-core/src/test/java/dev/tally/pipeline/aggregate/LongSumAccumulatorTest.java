package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import org.junit.jupiter.api.Test;

class LongSumAccumulatorTest {

    private static final RowRef ROW = new RowRef("r1", "0001");

    private static Accumulator sum() {
        return Accumulators.create(AggregateFunction.SUM, ValueType.LONG);
    }

    @Test
    void sumOfNothingIsNull() {
        assertThat(sum().result()).isNull();
    }

    @Test
    void sumsLongsAsALong() {
        Accumulator sum = sum();
        sum.add(3L, ROW);
        sum.add(-10L, ROW);
        sum.add(4L, ROW);

        assertThat(sum.result()).isEqualTo(-3L);
    }

    @Test
    void retractingEveryInputGivesNullNotZero() {
        Accumulator sum = sum();
        sum.add(5L, ROW);
        sum.retract(5L, ROW);

        assertThat(sum.result()).isNull();
    }

    @Test
    void inputsThatSumToZeroGiveZero() {
        Accumulator sum = sum();
        sum.add(5L, ROW);
        sum.add(-5L, ROW);

        assertThat(sum.result()).isEqualTo(0L);
    }

    @Test
    void ignoresNullInputs() {
        Accumulator sum = sum();
        sum.add(null, ROW);
        assertThat(sum.result()).isNull();

        sum.add(2L, ROW);
        sum.retract(null, ROW);
        assertThat(sum.result()).isEqualTo(2L);
    }

    @Test
    void retractingFromAnEmptySumThrows() {
        assertThatThrownBy(() -> sum().retract(1L, ROW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sum(long)")
                .hasMessageContaining("never")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsInputsOfAnotherType() {
        assertThatThrownBy(() -> sum().add(1, ROW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Long")
                .hasMessageContaining("java.lang.Integer");
    }

    @Test
    void overflowOnTheWayIsExactWhenTheResultFits() {
        Accumulator sum = sum();
        sum.add(Long.MAX_VALUE, ROW);
        sum.add(Long.MAX_VALUE, ROW);
        sum.add(Long.MAX_VALUE, ROW);
        sum.retract(Long.MAX_VALUE, ROW);
        sum.retract(Long.MAX_VALUE, ROW);
        sum.add(-1L, ROW);

        assertThat(sum.result()).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void resultOutsideTheLongRangeThrowsInsteadOfWrapping() {
        Accumulator sum = sum();
        sum.add(Long.MAX_VALUE, ROW);
        sum.add(1L, ROW);

        assertThatThrownBy(sum::result)
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("9223372036854775808");
    }

    @Test
    void negativeOverflowIsExactToo() {
        Accumulator sum = sum();
        sum.add(Long.MIN_VALUE, ROW);
        sum.add(Long.MIN_VALUE, ROW);
        assertThatThrownBy(sum::result).isInstanceOf(ArithmeticException.class).hasMessageContaining("-18446744073709551616");

        sum.add(Long.MAX_VALUE, ROW);
        sum.add(Long.MAX_VALUE, ROW);
        assertThat(sum.result()).isEqualTo(-2L);
    }

    @Test
    void stateKeepsAnOverflowedTotalExactly() {
        Accumulator sum = sum();
        sum.add(Long.MAX_VALUE, ROW);
        sum.add(Long.MAX_VALUE, ROW);

        Accumulator restored = Accumulators.restore(AggregateFunction.SUM, ValueType.LONG, Json.viaText(sum.toState()));
        restored.retract(Long.MAX_VALUE, ROW);

        assertThat(sum.toState()).hasToString("{\"n\":2,\"sum\":\"18446744073709551614\"}");
        assertThat(restored.result()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void adjustShiftsTheSumWithoutAnInput() {
        DeltaAccumulator sum = (DeltaAccumulator) sum();
        sum.adjust(7L);
        assertThat(sum.result()).isEqualTo(7L);

        sum.add(3L, ROW);
        sum.adjust(-7L);
        assertThat(sum.result()).isEqualTo(3L);

        sum.retract(3L, ROW);
        assertThat(sum.result()).isNull();
        assertThatThrownBy(() -> sum.adjust(java.math.BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAdjustmentThatLeavesTheLongRangeIsRefusedAndChangesNothing() {
        DeltaAccumulator sum = (DeltaAccumulator) sum();
        sum.add(Long.MAX_VALUE - 1, ROW);

        assertThatThrownBy(() -> sum.adjust(2L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("range");
        assertThat(sum.result()).isEqualTo(Long.MAX_VALUE - 1);
        sum.adjust(1L);
        assertThat(sum.result()).isEqualTo(Long.MAX_VALUE);
    }
}
