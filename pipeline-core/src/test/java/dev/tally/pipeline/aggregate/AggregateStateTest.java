package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateStateTest {

    private static final List<AggregateDefinition> DEFINITIONS = List.of(
            new AggregateDefinition("orders", AggregateFunction.COUNT, null),
            new AggregateDefinition("discounted", AggregateFunction.COUNT, ValueType.DECIMAL),
            new AggregateDefinition("revenue", AggregateFunction.SUM, ValueType.DECIMAL),
            new AggregateDefinition("biggest", AggregateFunction.MAX, ValueType.DECIMAL),
            new AggregateDefinition("last_status", AggregateFunction.LATEST, ValueType.STRING));

    private static Map<String, Object> order(String amount, String discount, String status) {
        Map<String, Object> contribution = new HashMap<>();
        contribution.put("orders", Boolean.TRUE);
        contribution.put("discounted", discount == null ? null : new BigDecimal(discount));
        contribution.put("revenue", new BigDecimal(amount));
        contribution.put("biggest", new BigDecimal(amount));
        contribution.put("last_status", status);
        return contribution;
    }

    @Test
    void emptyStateHasNoRowsAZeroCountAndNullResults() {
        AggregateState state = AggregateState.empty(DEFINITIONS);

        assertThat(state.rows()).isZero();
        assertThat(state.isEmpty()).isTrue();
        assertThat(state.results()).containsExactly(entry("orders", 0L), entry("discounted", 0L), entry("revenue", null),
                entry("biggest", null), entry("last_status", null));
    }

    @Test
    void insertUpdateAndDeleteRetractTheBeforeAndAddTheAfter() {
        AggregateState state = AggregateState.empty(DEFINITIONS);
        state.apply(null, null, order("10.00", null, "new"), new RowRef("o1", "01"));
        state.apply(null, null, order("5.00", "1.00", "new"), new RowRef("o2", "02"));
        state.apply(order("10.00", null, "new"), new RowRef("o1", "01"), order("12.00", "2.00", "paid"), new RowRef("o1", "03"));

        assertThat(state.rows()).isEqualTo(2);
        assertThat(state.results()).containsExactly(entry("orders", 2L), entry("discounted", 2L), entry("revenue", new BigDecimal("17.00")),
                entry("biggest", new BigDecimal("12.00")), entry("last_status", "paid"));

        state.apply(order("12.00", "2.00", "paid"), new RowRef("o1", "03"), null, null);

        assertThat(state.rows()).isEqualTo(1);
        assertThat(state.results()).containsExactly(entry("orders", 1L), entry("discounted", 1L), entry("revenue", new BigDecimal("5.00")),
                entry("biggest", new BigDecimal("5.00")), entry("last_status", "new"));
    }

    @Test
    void rowCountIsIndependentOfTheCountAggregates() {
        AggregateState state = AggregateState.empty(List.of(new AggregateDefinition("discounted", AggregateFunction.COUNT, ValueType.DECIMAL)));
        state.apply(null, null, new HashMap<>(), new RowRef("o1", "01"));

        assertThat(state.rows()).isEqualTo(1);
        assertThat(state.isEmpty()).isFalse();
        assertThat(state.results()).containsExactly(entry("discounted", 0L));
    }

    @Test
    void removingTheLastRowLeavesAnEmptyState() {
        AggregateState state = AggregateState.empty(DEFINITIONS);
        state.apply(null, null, order("3.00", "1.00", "new"), new RowRef("o1", "01"));
        state.apply(order("3.00", "1.00", "new"), new RowRef("o1", "01"), null, null);

        assertThat(state.isEmpty()).isTrue();
        assertThat(state.results()).isEqualTo(AggregateState.empty(DEFINITIONS).results());
        assertThat(state.toState()).isEqualTo(AggregateState.empty(DEFINITIONS).toState());
    }

    @Test
    void retractingFromAGroupWithoutRowsThrows() {
        AggregateState state = AggregateState.empty(DEFINITIONS);

        assertThatThrownBy(() -> state.apply(order("1.00", null, "new"), new RowRef("o1", "01"), null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("o1")
                .hasMessageContaining("no rows");
    }

    @Test
    void applyingNoRowOnEitherSideChangesNothing() {
        AggregateState state = AggregateState.empty(DEFINITIONS);
        state.apply(null, null, null, null);

        assertThat(state.toState()).isEqualTo(AggregateState.empty(DEFINITIONS).toState());
    }

    @Test
    void countsAndSumsCanBeAdjustedByADeltaWithoutChangingTheRowCount() {
        AggregateState state = AggregateState.empty(DEFINITIONS);
        state.apply(null, null, order("10.00", null, "new"), new RowRef("o1", "01"));
        state.adjust("orders", 2L);
        state.adjust("revenue", new BigDecimal("-0.50"));

        assertThat(state.rows()).isEqualTo(1);
        assertThat(state.results()).contains(entry("orders", 3L), entry("revenue", new BigDecimal("9.50")));
    }

    @Test
    void rowsStillRetractExactlyAfterAnAdjustmentAndTheAdjustmentOutlivesARestore() {
        AggregateState state = AggregateState.empty(DEFINITIONS);
        RowRef row = new RowRef("o1", "01");
        state.apply(null, null, order("10.00", null, "new"), row);
        state.adjust("orders", -1L);
        state.adjust("revenue", new BigDecimal("2.50"));

        AggregateState restored = AggregateState.restore(DEFINITIONS, Json.viaText(state.toState()), state.values());
        restored.apply(order("10.00", null, "new"), row, null, null);

        assertThat(restored.isEmpty()).isTrue();
        assertThat(restored.results()).contains(entry("orders", -1L), entry("revenue", new BigDecimal("2.50")),
                entry("biggest", null));
    }

    @Test
    void aCountCannotBeAdjustedBelowZero() {
        AggregateState state = AggregateState.empty(DEFINITIONS);
        state.apply(null, null, order("10.00", null, "new"), new RowRef("o1", "01"));

        assertThatThrownBy(() -> state.adjust("orders", -2L)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("negative");
        assertThat(state.results()).contains(entry("orders", 1L));
    }

    @Test
    void otherFunctionsRefuseADeltaSayingWhy() {
        AggregateState state = AggregateState.empty(DEFINITIONS);

        assertThatThrownBy(() -> state.adjust("biggest", BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("biggest is a max")
                .hasMessageContaining("only count and sum");
        assertThatThrownBy(() -> state.adjust("last_status", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.adjust("nope", 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no aggregate named nope");
    }

    @Test
    void restoredStateContinuesWhereTheOriginalStopped() {
        AggregateState state = AggregateState.empty(DEFINITIONS);
        state.apply(null, null, order("10.00", null, "new"), new RowRef("o1", "01"));
        state.apply(null, null, order("7.00", "1.00", "paid"), new RowRef("o2", "02"));

        AggregateState restored = AggregateState.restore(DEFINITIONS, Json.viaText(state.toState()), state.values());
        restored.apply(order("7.00", "1.00", "paid"), new RowRef("o2", "02"), null, null);

        assertThat(state.toState().get("rows").asLong()).isEqualTo(2);
        assertThat(restored.rows()).isEqualTo(1);
        assertThat(restored.results()).containsExactly(entry("orders", 1L), entry("discounted", 0L), entry("revenue", new BigDecimal("10.00")),
                entry("biggest", new BigDecimal("10.00")), entry("last_status", "new"));
    }

    @Test
    void restoreRejectsAStateMadeForOtherDefinitions() {
        AggregateState state = AggregateState.empty(DEFINITIONS);
        List<AggregateDefinition> renamed = List.of(new AggregateDefinition("count", AggregateFunction.COUNT, null));
        List<AggregateDefinition> retyped = List.of(
                new AggregateDefinition("orders", AggregateFunction.COUNT, null),
                new AggregateDefinition("discounted", AggregateFunction.COUNT, ValueType.DECIMAL),
                new AggregateDefinition("revenue", AggregateFunction.MIN, ValueType.DECIMAL),
                new AggregateDefinition("biggest", AggregateFunction.MAX, ValueType.DECIMAL),
                new AggregateDefinition("last_status", AggregateFunction.LATEST, ValueType.STRING));

        assertThatThrownBy(() -> AggregateState.restore(renamed, state.toState()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly the aggregates [count]");
        assertThatThrownBy(() -> AggregateState.restore(retyped, state.toState()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregate revenue");
    }

    @Test
    void aggregateNamesMustBeUnique() {
        AggregateDefinition total = new AggregateDefinition("total", AggregateFunction.SUM, ValueType.LONG);

        assertThatThrownBy(() -> AggregateState.empty(List.of(total, total)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("total is declared twice");
    }

    @Test
    void definitionsRejectFunctionsThatCannotTakeTheirInputType() {
        assertThatThrownBy(() -> new AggregateDefinition("total", AggregateFunction.SUM, ValueType.STRING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aggregate total")
                .hasMessageContaining("numeric");
        assertThatThrownBy(() -> new AggregateDefinition(" ", AggregateFunction.COUNT, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AggregateDefinition("mean", AggregateFunction.AVG, ValueType.LONG).resultType()).isEqualTo(ValueType.DECIMAL);
    }

    @Test
    void minAndMaxOfTheSameArgumentKeepTheirValuesOnce() {
        List<AggregateDefinition> defs = List.of(
                new AggregateDefinition("low", AggregateFunction.MIN, ValueType.DECIMAL, "unit_price"),
                new AggregateDefinition("high", AggregateFunction.MAX, ValueType.DECIMAL, "unit_price"),
                new AggregateDefinition("other_high", AggregateFunction.MAX, ValueType.DECIMAL, "list_price"));
        AggregateState state = AggregateState.empty(defs);
        RowRef a = new RowRef("a", "1");
        RowRef b = new RowRef("b", "2");
        state.apply(null, a, prices("2.50", "9.00"), a);
        state.apply(null, b, prices("7.00", "8.00"), b);
        state.apply(prices("2.50", "9.00"), a, null, a);

        assertThat(state.results()).containsExactly(entry("low", new BigDecimal("7.00")),
                entry("high", new BigDecimal("7.00")), entry("other_high", new BigDecimal("8.00")));
        assertThat(state.toState().at("/aggs/high/sameValuesAs").asText()).isEqualTo("low");
        assertThat(state.toState().at("/aggs/other_high/distinct").asInt()).isEqualTo(1);
        assertThat(state.values()).extracting(ValueCount::slot).containsExactlyInAnyOrder("low", "other_high");

        AggregateState restored = AggregateState.restore(defs, Json.viaText(state.toState()), state.values());
        restored.apply(prices("7.00", "8.00"), b, null, b);
        assertThat(restored.isEmpty()).isTrue();
        assertThat(restored.results().get("low")).isNull();
        assertThat(restored.results().get("high")).isNull();
    }

    private static Map<String, Object> prices(String unit, String list) {
        Map<String, Object> inputs = new HashMap<>();
        BigDecimal price = new BigDecimal(unit);
        inputs.put("low", price);
        inputs.put("high", price);
        inputs.put("other_high", new BigDecimal(list));
        return inputs;
    }

    @Test
    void aBatchWritesOnlyTheValuesWhoseMultiplicityChangedAndASpellingThatLeftIsRemoved() {
        List<AggregateDefinition> defs = List.of(
                new AggregateDefinition("low", AggregateFunction.MIN, ValueType.DECIMAL, "unit_price"),
                new AggregateDefinition("high", AggregateFunction.MAX, ValueType.DECIMAL, "unit_price"));
        AggregateState state = AggregateState.empty(defs);
        RowRef a = new RowRef("a", "1");
        RowRef b = new RowRef("b", "2");
        RowRef c = new RowRef("c", "3");
        state.apply(null, a, Map.of("low", new BigDecimal("10.00"), "high", new BigDecimal("10.00")), a);
        state.apply(null, b, Map.of("low", new BigDecimal("3.00"), "high", new BigDecimal("3.00")), b);
        assertThat(state.takeValueChanges()).containsExactlyInAnyOrder(
                new ValueCount("low", "\"10.00\"", 1), new ValueCount("low", "\"3.00\"", 1));
        assertThat(state.takeValueChanges()).as("taken once").isEmpty();

        // 10.00 leaves, the same number comes back spelt 10.0, and 3.00 is held once more: three rows change.
        state.apply(Map.of("low", new BigDecimal("10.00"), "high", new BigDecimal("10.00")), a, null, a);
        state.apply(null, c, Map.of("low", new BigDecimal("10.0"), "high", new BigDecimal("10.0")), c);
        state.apply(null, a, Map.of("low", new BigDecimal("3.00"), "high", new BigDecimal("3.00")), a);
        assertThat(state.takeValueChanges()).containsExactlyInAnyOrder(new ValueCount("low", "\"10.00\"", 0),
                new ValueCount("low", "\"10.0\"", 1), new ValueCount("low", "\"3.00\"", 2));

        AggregateState restored = AggregateState.restore(defs, Json.viaText(state.toState()), state.values());
        assertThat(restored.results()).isEqualTo(state.results());
        assertThat(restored.values()).containsExactlyInAnyOrder(
                new ValueCount("low", "\"3.00\"", 2), new ValueCount("low", "\"10.0\"", 1));
        assertThatThrownBy(() -> AggregateState.restore(defs, state.toState(), List.of(new ValueCount("low", "\"3.00\"", 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of step with its values");

        restored.clear();
        assertThat(restored.isEmpty()).isTrue();
        assertThat(restored.takeValueChanges()).containsExactlyInAnyOrder(
                new ValueCount("low", "\"3.00\"", 0), new ValueCount("low", "\"10.0\"", 0));
        assertThat(restored.toState().at("/aggs/low/distinct").asInt()).isZero();
    }

    @Test
    void aStateWrittenWithItsValuesInlineMovesThemToTheStoreOnItsNextWrite() {
        List<AggregateDefinition> defs = List.of(
                new AggregateDefinition("low", AggregateFunction.MIN, ValueType.LONG, "n"));
        JsonNode inline = Json.viaText(JsonNodeFactory.instance.objectNode().put("rows", 2).set("aggs",
                JsonNodeFactory.instance.objectNode().set("low", JsonNodeFactory.instance.objectNode().set("values",
                        JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.arrayNode().add(4).add(2))))));

        AggregateState state = AggregateState.restore(defs, inline);

        assertThat(state.results()).containsEntry("low", 4L);
        assertThat(state.takeValueChanges()).containsExactly(new ValueCount("low", "4", 2));
        assertThat(state.toState().at("/aggs/low/distinct").asInt()).isEqualTo(1);
    }

    @Test
    void aMinOrMaxRefusesAValueBeyondTheMostDistinctValuesAGroupKeeps() {
        List<AggregateDefinition> defs = List.of(
                new AggregateDefinition("low", AggregateFunction.MIN, ValueType.LONG, "n"));
        AggregateState state = AggregateState.empty(defs);
        for (long n = 0; n < SortedMultiset.MAX_DISTINCT; n++) {
            RowRef row = new RowRef("r" + n, "1");
            state.apply(null, row, Map.of("low", n), row);
        }
        RowRef again = new RowRef("again", "1");
        state.apply(null, again, Map.of("low", 7L), again);
        RowRef beyond = new RowRef("beyond", "1");

        assertThatThrownBy(() -> state.apply(null, beyond, Map.of("low", -1L), beyond))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds " + SortedMultiset.MAX_DISTINCT + " distinct values");
    }

    @Test
    void aLatestRefusesARowBeyondTheMostRowsAGroupKeeps() {
        List<AggregateDefinition> defs = List.of(
                new AggregateDefinition("last", AggregateFunction.LATEST, ValueType.LONG, "n"));
        AggregateState state = AggregateState.empty(defs);
        for (long n = 0; n < LatestAccumulator.MAX_ROWS; n++) {
            RowRef row = new RowRef("r" + n, Long.toString(1_000_000 + n));
            state.apply(null, row, Map.of("last", n), row);
        }
        RowRef rewritten = new RowRef("r7", "3000000");
        state.apply(null, rewritten, Map.of("last", 70L), rewritten);
        RowRef beyond = new RowRef("beyond", "3000001");

        assertThatThrownBy(() -> state.apply(null, beyond, Map.of("last", -1L), beyond))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds the values of " + LatestAccumulator.MAX_ROWS + " rows");
        assertThat(state.results()).containsEntry("last", 70L);
        assertThat(state.heldValues()).as("what the state cache weighs it by").isEqualTo(LatestAccumulator.MAX_ROWS);
    }
}
