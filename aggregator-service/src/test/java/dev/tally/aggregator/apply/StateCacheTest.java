package dev.tally.aggregator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.aggregate.AggregateFunction;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.aggregate.RowRef;
import dev.tally.pipeline.model.ValueType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCacheTest {

    private final AggregateState state = AggregateState.empty(List.of());

    @Test
    void givesAStateBackOnlyAtTheVersionItWasCommittedAt() {
        StateCache cache = new StateCache(10, 1_000);
        cache.put("[7]", 4, state);

        assertThat(cache.version("[7]")).isEqualTo(4);
        assertThat(cache.state("[7]", 4)).isSameAs(state);
        assertThat(cache.state("[7]", 5)).as("another instance wrote version 5").isNull();
        assertThat(cache.version("[8]")).isEqualTo(-1);
    }

    @Test
    void aRemovedStateIsNotGivenBackForItsVersion() {
        StateCache cache = new StateCache(10, 1_000);
        cache.put("[7]@w", 3, state);
        cache.remove("[7]@w");

        assertThat(cache.version("[7]@w")).as("an expired window's state").isEqualTo(-1);
        assertThat(cache.state("[7]@w", 3)).isNull();
    }

    @Test
    void forgetsTheLeastRecentlyUsedBeyondItsCapacity() {
        StateCache cache = new StateCache(2, 1_000);
        cache.put("a", 1, state);
        cache.put("b", 1, state);
        cache.state("a", 1);
        cache.put("c", 1, state);

        assertThat(cache.version("a")).isEqualTo(1);
        assertThat(cache.version("b")).isEqualTo(-1);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aCacheOfSizeZeroKeepsNothing() {
        StateCache cache = new StateCache(0, 1_000);
        cache.put("a", 1, state);

        assertThat(cache.version("a")).isEqualTo(-1);
    }

    @Test
    void forgetsTheLeastRecentlyUsedWhenTheValuesTheStatesHoldExceedItsBound() {
        StateCache cache = new StateCache(100, 250);
        cache.put("small", 1, state);
        cache.put("big-1", 1, holding(100));
        cache.put("big-2", 1, holding(100));
        assertThat(cache.weight()).isEqualTo(1 + 101 + 101);

        cache.state("small", 1);
        cache.put("big-3", 1, holding(100));

        assertThat(cache.version("big-1")).as("least recently used").isEqualTo(-1);
        assertThat(cache.version("small")).isEqualTo(1);
        assertThat(cache.version("big-3")).isEqualTo(1);
        assertThat(cache.weight()).isEqualTo(1 + 101 + 101).isLessThanOrEqualTo(250);

        cache.put("big-3", 2, state);
        assertThat(cache.weight()).as("a state put again counts what it holds now").isEqualTo(1 + 101 + 1);
        cache.remove("big-2");
        assertThat(cache.weight()).isEqualTo(2);
    }

    /** A state whose min holds {@code values} distinct values. */
    private static AggregateState holding(int values) {
        AggregateState holding = AggregateState.empty(List.of(
                new AggregateDefinition("low", AggregateFunction.MIN, ValueType.LONG, "n")));
        for (long n = 0; n < values; n++) {
            RowRef row = new RowRef("r" + n, "1");
            holding.apply(null, row, Map.of("low", n), row);
        }
        return holding;
    }
}
