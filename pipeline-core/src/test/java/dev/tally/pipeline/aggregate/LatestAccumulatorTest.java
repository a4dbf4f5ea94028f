package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LatestAccumulatorTest {

    private static Accumulator latest() {
        return Accumulators.create(AggregateFunction.LATEST, ValueType.STRING);
    }

    @Test
    void latestOfNothingIsNull() {
        assertThat(latest().result()).isNull();
    }

    @Test
    void takesTheValueOfTheRowWrittenLastByOrderNotByArrival() {
        Accumulator latest = latest();
        latest.add("second", new RowRef("a", "0002"));
        latest.add("first", new RowRef("b", "0001"));

        assertThat(latest.result()).isEqualTo("second");
    }

    @Test
    void ordersAreComparedAsStrings() {
        Accumulator latest = latest();
        latest.add("nine", new RowRef("a", "9"));
        latest.add("ten", new RowRef("b", "10"));

        assertThat(latest.result()).isEqualTo("nine");
    }

    @Test
    void equalOrdersAreBrokenByTheGreaterRowKey() {
        Accumulator latest = latest();
        latest.add("from b", new RowRef("b", "0005"));
        latest.add("from a", new RowRef("a", "0005"));

        assertThat(latest.result()).isEqualTo("from b");
    }

    @Test
    void addingARowAgainReplacesItsValue() {
        Accumulator latest = latest();
        latest.add("old", new RowRef("a", "0001"));
        latest.add("other", new RowRef("b", "0002"));
        latest.add("new", new RowRef("a", "0003"));
        assertThat(latest.result()).isEqualTo("new");

        latest.retract("new", new RowRef("a", "ignored"));
        assertThat(latest.result()).isEqualTo("other");
    }

    @Test
    void retractingTheLatestRowFallsBackToThePreviousOneWhateverTheRetractOrder() {
        Accumulator latest = latest();
        latest.add("first", new RowRef("a", "0001"));
        latest.add("second", new RowRef("b", "0002"));
        latest.retract("second", new RowRef("b", "9999"));

        assertThat(latest.result()).isEqualTo("first");
        latest.retract("first", new RowRef("a", ""));
        assertThat(latest.result()).isNull();
    }

    @Test
    void ignoresNullInputs() {
        Accumulator latest = latest();
        latest.add("value", new RowRef("a", "0001"));
        latest.add(null, new RowRef("b", "0002"));
        latest.retract(null, new RowRef("a", "0003"));

        assertThat(latest.result()).isEqualTo("value");
    }

    @Test
    void retractingARowThatHoldsNothingThrows() {
        Accumulator latest = latest();

        assertThatThrownBy(() -> latest.retract("x", new RowRef("a", "0001")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("latest(string)")
                .hasMessageContaining("holds nothing");
    }

    @Test
    void retractingAValueTheRowDoesNotHoldThrowsAndChangesNothing() {
        Accumulator latest = latest();
        latest.add("x", new RowRef("a", "0001"));

        assertThatThrownBy(() -> latest.retract("y", new RowRef("a", "0001")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds x");
        assertThat(latest.result()).isEqualTo("x");
    }

    @Test
    void comparesRetractedNumbersByValue() {
        Accumulator latest = Accumulators.create(AggregateFunction.LATEST, ValueType.DECIMAL);
        latest.add(new BigDecimal("2.5"), new RowRef("a", "0001"));
        latest.retract(new BigDecimal("2.50"), new RowRef("a", "0002"));

        assertThat(latest.result()).isNull();
    }

    @Test
    void needsARowKeyAndAnOrderToAdd() {
        assertThatThrownBy(() -> latest().add("x", new RowRef("a", null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> latest().add("x", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoredLatestKeepsEveryRowWithItsOrder() {
        Accumulator latest = latest();
        latest.add("first", new RowRef("a", "0001"));
        latest.add("second", new RowRef("b", "0002"));

        Accumulator restored = Accumulators.restore(AggregateFunction.LATEST, ValueType.STRING, Json.viaText(latest.toState()));
        restored.retract("second", new RowRef("b", "0003"));

        assertThat(latest.toState()).hasToString("{\"rows\":[[\"a\",\"0001\",\"first\"],[\"b\",\"0002\",\"second\"]]}");
        assertThat(restored.result()).isEqualTo("first");
    }
}
