package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MaxAccumulatorTest {

    private static final RowRef ROW = new RowRef("r1", "0001");

    private static Accumulator max(ValueType type) {
        return Accumulators.create(AggregateFunction.MAX, type);
    }

    @Test
    void maxOfNothingIsNull() {
        assertThat(max(ValueType.STRING).result()).isNull();
    }

    @Test
    void retractingTheMaximumRevealsTheNextLargest() {
        Accumulator max = max(ValueType.TIMESTAMP);
        max.add(Instant.parse("2024-05-01T10:00:00Z"), ROW);
        max.add(Instant.parse("2024-05-01T12:00:00Z"), ROW);
        max.add(Instant.parse("2024-05-01T11:00:00Z"), ROW);
        max.retract(Instant.parse("2024-05-01T12:00:00Z"), ROW);

        assertThat(max.result()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
    }

    @Test
    void aDuplicatedMaximumStaysUntilEveryCopyIsRetracted() {
        Accumulator max = max(ValueType.STRING);
        max.add("b", ROW);
        max.add("z", ROW);
        max.add("z", ROW);

        max.retract("z", ROW);
        assertThat(max.result()).isEqualTo("z");
        max.retract("z", ROW);
        assertThat(max.result()).isEqualTo("b");
    }

    @Test
    void nanIsTheLargestDoubleAndSurvivesARoundTrip() {
        Accumulator max = max(ValueType.DOUBLE);
        max.add(Double.NaN, ROW);
        max.add(Double.POSITIVE_INFINITY, ROW);
        max.add(-0.0, ROW);

        Accumulator restored = Accumulators.restore(AggregateFunction.MAX, ValueType.DOUBLE, Json.viaText(max.toState()));
        assertThat(restored.result()).isEqualTo(Double.NaN);
        restored.retract(Double.NaN, ROW);
        assertThat(restored.result()).isEqualTo(Double.POSITIVE_INFINITY);
        restored.retract(Double.POSITIVE_INFINITY, ROW);
        assertThat(restored.result()).isEqualTo(-0.0);
    }

    @Test
    void retractingAValueThatWasNeverAddedThrows() {
        Accumulator max = max(ValueType.STRING);

        assertThatThrownBy(() -> max.retract("a", ROW)).isInstanceOf(IllegalStateException.class).hasMessageContaining("max(string)");
    }

    @Test
    void restoredMaxOfTimestampsKeepsThemInIsoForm() {
        Accumulator max = max(ValueType.TIMESTAMP);
        max.add(Instant.parse("1960-01-01T00:00:00.123456789Z"), ROW);
        max.add(Instant.parse("2024-01-01T00:00:00Z"), ROW);

        Accumulator restored = Accumulators.restore(AggregateFunction.MAX, ValueType.TIMESTAMP, Json.viaText(max.toState()));
        restored.retract(Instant.parse("2024-01-01T00:00:00Z"), ROW);

        assertThat(max.toState()).hasToString("{\"values\":[[\"1960-01-01T00:00:00.123456789Z\",1],[\"2024-01-01T00:00:00Z\",1]]}");
        assertThat(restored.result()).isEqualTo(Instant.parse("1960-01-01T00:00:00.123456789Z"));
    }
}
