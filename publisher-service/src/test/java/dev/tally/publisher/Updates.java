package dev.tally.publisher;

import dev.tally.pipeline.event.AggregateIds;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.window.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds aggregate updates as the aggregator would publish them. */
public final class Updates {

    private Updates() {
    }

    /**
     * Version {@code version} of the aggregate of {@code key} (and {@code window}, or null) with {@code rows}
     * contributing rows and the given results; aggregates not given are null.
     */
    public static AggregateUpdate of(CompiledPipeline pipeline, Window window, long version, long rows,
                                     Map<String, Object> results, Object... key) {
        GroupKey groupKey = new GroupKey(Arrays.asList(key));
        Map<String, Object> aggregates = new LinkedHashMap<>();
        pipeline.aggregateDefinitions().forEach(a -> aggregates.put(a.name(), results.get(a.name())));
        Instant now = Instant.now();
        return new AggregateUpdate(pipeline.name(), AggregateUpdate.Type.UPDATED, AggregateIds.of(groupKey, window), groupKey,
                window, version, rows, aggregates, Map.of(),
                new AggregateUpdate.Cause(1, "test-" + version, now.minus(Duration.ofMillis(250))), now);
    }

    /** The WindowClosed version that follows {@code last}: one version up, the same results. */
    public static AggregateUpdate windowClosed(AggregateUpdate last) {
        return new AggregateUpdate(last.pipeline(), AggregateUpdate.Type.WINDOW_CLOSED, last.aggregateId(), last.key(),
                last.window(), last.version() + 1, last.rows(), last.aggregates(), Map.of(),
                new AggregateUpdate.Cause(0, null, null), Instant.now());
    }
}
