package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalSumAccumulatorTest {

    private static final RowRef ROW = new RowRef("r1", "0001");

    @Test
    void sumsDecimalsExactly() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DECIMAL);
        sum.add(new BigDecimal("0.10"), ROW);
        sum.add(new BigDecimal("0.20"), ROW);
        sum.add(new BigDecimal("12345678901234567890.05"), ROW);
        sum.retract(new BigDecimal("0.20"), ROW);

        assertThat(sum.result()).isEqualTo(new BigDecimal("12345678901234567890.15"));
    }

    @Test
    void sumOfNothingIsNullAndSoIsASumWhoseInputsAreAllRetracted() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DECIMAL);
        assertThat(sum.result()).isNull();

        sum.add(new BigDecimal("1.50"), ROW);
        sum.retract(new BigDecimal("1.50"), ROW);
        assertThat(sum.result()).isNull();
    }

    @Test
    void anEmptiedSumIsIndistinguishableFromANewOne() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DECIMAL);
        sum.add(new BigDecimal("1.50"), ROW);
        sum.add(new BigDecimal("2.125"), ROW);
        sum.retract(new BigDecimal("1.50"), ROW);
        sum.retract(new BigDecimal("2.125"), ROW);

        assertThat(sum.toState()).isEqualTo(Accumulators.create(AggregateFunction.SUM, ValueType.DECIMAL).toState());
    }

    @Test
    void theScaleIsTheLargestAddedSinceTheSumWasLastEmpty() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DECIMAL);
        sum.add(new BigDecimal("1.50"), ROW);
        sum.add(new BigDecimal("2.125"), ROW);
        sum.retract(new BigDecimal("2.125"), ROW);

        assertThat(sum.result()).isEqualTo(new BigDecimal("1.500"));
    }

    @Test
    void ignoresNullInputs() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DECIMAL);
        sum.add(null, ROW);
        sum.add(BigDecimal.TEN, ROW);
        sum.retract(null, ROW);

        assertThat(sum.result()).isEqualTo(BigDecimal.TEN);
    }

    @Test
    void doublesAreSummedAsTheirDecimalValueSoRetractionIsExact() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DOUBLE);
        sum.add(0.1, ROW);
        sum.add(0.2, ROW);
        assertThat(sum.result()).isEqualTo(new BigDecimal("0.3"));

        sum.add(1e300, ROW);
        sum.retract(1e300, ROW);
        assertThat(sum.result()).isEqualTo(new BigDecimal("0.3"));
    }

    @Test
    void doublesWithoutADecimalValueAreRejected() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DOUBLE);

        assertThatThrownBy(() -> sum.add(Double.NaN, ROW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> sum.add(Double.POSITIVE_INFINITY, ROW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retractingFromAnEmptySumThrows() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DECIMAL);

        assertThatThrownBy(() -> sum.retract(BigDecimal.ONE, ROW)).isInstanceOf(IllegalStateException.class).hasMessageContaining("r1");
    }

    @Test
    void stateKeepsTheDecimalAsAStringWithItsScale() {
        Accumulator sum = Accumulators.create(AggregateFunction.SUM, ValueType.DECIMAL);
        sum.add(new BigDecimal("1.10"), ROW);
        sum.add(new BigDecimal("2.25"), ROW);

        Accumulator restored = Accumulators.restore(AggregateFunction.SUM, ValueType.DECIMAL, Json.viaText(sum.toState()));
        restored.retract(new BigDecimal("1.10"), ROW);

        assertThat(sum.toState()).hasToString("{\"n\":2,\"sum\":\"3.35\"}");
        assertThat(restored.result()).isEqualTo(new BigDecimal("2.25"));
    }

    @Test
    void adjustTakesADeltaOfTheInputType() {
        DeltaAccumulator sum = (DeltaAccumulator) Accumulators.create(AggregateFunction.SUM, ValueType.DOUBLE);
        sum.add(1.5, ROW);
        sum.adjust(0.25);

        assertThat(sum.result()).isEqualTo(new BigDecimal("1.75"));
        assertThatThrownBy(() -> sum.adjust(new BigDecimal("1"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Double");
        assertThatThrownBy(() -> sum.adjust(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
