package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import org.junit.jupiter.api.Test;

class CountAccumulatorTest {

    private static final RowRef ROW = new RowRef("r1", "0001");

    @Test
    void emptyCountIsZero() {
        assertThat(Accumulators.create(AggregateFunction.COUNT, null).result()).isEqualTo(0L);
    }

    @Test
    void countsNonNullInputsAndTakesThemBack() {
        Accumulator count = Accumulators.create(AggregateFunction.COUNT, null);
        count.add(Boolean.TRUE, ROW);
        count.add(1L, ROW);
        count.add("x", ROW);
        count.retract(1L, ROW);

        assertThat(count.result()).isEqualTo(2L);
    }

    @Test
    void ignoresNullInputsOnBothSides() {
        Accumulator count = Accumulators.create(AggregateFunction.COUNT, ValueType.STRING);
        count.add(null, ROW);
        count.add("a", ROW);
        count.retract(null, ROW);

        assertThat(count.result()).isEqualTo(1L);
    }

    @Test
    void retractingFromAnEmptyCountThrows() {
        Accumulator count = Accumulators.create(AggregateFunction.COUNT, null);

        assertThatThrownBy(() -> count.retract(1L, ROW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("empty count")
                .hasMessageContaining("r1");
    }

    @Test
    void adjustsByALongDeltaButNeverBelowZero() {
        DeltaAccumulator count = (DeltaAccumulator) Accumulators.create(AggregateFunction.COUNT, null);
        count.add(1L, ROW);
        count.adjust(4L);
        count.adjust(-2L);

        assertThat(count.result()).isEqualTo(3L);
        assertThatThrownBy(() -> count.adjust(-4L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> count.adjust(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Long");
        assertThat(count.result()).isEqualTo(3L);
    }

    @Test
    void restoredCountContinuesWhereTheOriginalStopped() {
        Accumulator count = Accumulators.create(AggregateFunction.COUNT, null);
        count.add(1L, ROW);
        count.add(1L, ROW);

        Accumulator restored = Accumulators.restore(AggregateFunction.COUNT, null, Json.viaText(count.toState()));
        restored.retract(1L, ROW);

        assertThat(count.toState()).hasToString("{\"n\":2}");
        assertThat(restored.result()).isEqualTo(1L);
    }

    @Test
    void rowsAddedBeforeALoweringAdjustmentCanAllBeTakenBack() {
        DeltaAccumulator count = (DeltaAccumulator) Accumulators.create(AggregateFunction.COUNT, null);
        count.add(1L, ROW);
        count.add(1L, ROW);
        count.adjust(-1L);
        count.retract(1L, ROW);
        count.retract(1L, ROW);

        assertThat(count.result()).as("the adjustment stays as an offset").isEqualTo(-1L);
        assertThatThrownBy(() -> count.retract(1L, ROW)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("empty count");
    }

    @Test
    void theAdjustmentSurvivesARestoreAndOldStatesHaveNone() {
        DeltaAccumulator count = (DeltaAccumulator) Accumulators.create(AggregateFunction.COUNT, null);
        count.add(1L, ROW);
        count.adjust(5L);

        Accumulator restored = Accumulators.restore(AggregateFunction.COUNT, null, Json.viaText(count.toState()));
        restored.retract(1L, ROW);

        assertThat(count.toState()).hasToString("{\"n\":1,\"adj\":5}");
        assertThat(restored.result()).isEqualTo(5L);
        assertThat(Accumulators.restore(AggregateFunction.COUNT, null, Json.viaText(
                Accumulators.create(AggregateFunction.COUNT, null).toState())).toState()).hasToString("{\"n\":0}");
        assertThatThrownBy(() -> Accumulators.restore(AggregateFunction.COUNT, null,
                Json.viaText(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("n", 1).put("adj", "x")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adj");
    }

    @Test
    void anAdjustmentBeyondTheLongRangeIsRefusedAndChangesNothing() {
        DeltaAccumulator count = (DeltaAccumulator) Accumulators.create(AggregateFunction.COUNT, null);
        count.adjust(Long.MAX_VALUE);

        assertThatThrownBy(() -> count.adjust(1L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("range");
        assertThat(count.result()).isEqualTo(Long.MAX_VALUE);
    }
}
