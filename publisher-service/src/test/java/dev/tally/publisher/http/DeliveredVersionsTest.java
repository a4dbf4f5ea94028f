package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.event.AggregateIds;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.GroupKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveredVersionsTest {

    @Test
    void keepsOnlyVersionsNewerThanTheDeliveredOnes() {
        DeliveredVersions delivered = new DeliveredVersions(10);
        delivered.delivered(List.of(update(1, 5), update(2, 3)));

        assertThat(delivered.newer(List.of(update(1, 4), update(1, 5), update(1, 6), update(2, 2), update(3, 1))))
                .containsExactly(update(1, 6), update(3, 1));
    }

    @Test
    void forgetsTheAggregatesDeliveredLongestAgoBeyondItsCapacity() {
        DeliveredVersions delivered = new DeliveredVersions(2);
        delivered.delivered(List.of(update(1, 5), update(2, 5), update(3, 5)));

        assertThat(delivered.newer(List.of(update(1, 1), update(2, 1), update(3, 1)))).containsExactly(update(1, 1));
    }

    static AggregateUpdate update(long product, long version) {
        GroupKey key = new GroupKey(List.of(product));
        return new AggregateUpdate("p", AggregateUpdate.Type.UPDATED, AggregateIds.of(key, null), key, null, version, 1,
                Map.of(), Map.of(), new AggregateUpdate.Cause(1, "e", null), Instant.EPOCH);
    }
}
