package dev.tally.aggregator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.aggregate.AggregateState;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateCacheTest {

    private final AggregateState state = AggregateState.empty(List.of());

    @Test
    void givesAStateBackOnlyAtTheVersionItWasCommittedAt() {
        StateCache cache = new StateCache(10);
        cache.put("[7]", 4, state);

        assertThat(cache.version("[7]")).isEqualTo(4);
        assertThat(cache.state("[7]", 4)).isSameAs(state);
        assertThat(cache.state("[7]", 5)).as("another instance wrote version 5").isNull();
        assertThat(cache.version("[8]")).isEqualTo(-1);
    }

    @Test
    void aRemovedStateIsNotGivenBackForItsVersion() {
        StateCache cache = new StateCache(10);
        cache.put("[7]@w", 3, state);
        cache.remove("[7]@w");

        assertThat(cache.version("[7]@w")).as("an expired window's state").isEqualTo(-1);
        assertThat(cache.state("[7]@w", 3)).isNull();
    }

    @Test
    void forgetsTheLeastRecentlyUsedBeyondItsCapacity() {
        StateCache cache = new StateCache(2);
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
        StateCache cache = new StateCache(0);
        cache.put("a", 1, state);

        assertThat(cache.version("a")).isEqualTo(-1);
    }
}
