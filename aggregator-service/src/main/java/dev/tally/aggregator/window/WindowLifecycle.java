package dev.tally.aggregator.window;

import dev.tally.aggregator.commit.AggregateCommit;
import dev.tally.aggregator.commit.NewVersion;
import dev.tally.aggregator.store.AggregateValues;
import dev.tally.aggregator.store.EventTimes;
import dev.tally.aggregator.store.WindowRows;
import dev.tally.aggregator.store.WindowRows.ClosingWindow;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.window.PartitionClocks;
import dev.tally.pipeline.window.WindowSpec;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What follows the changes of a windowed batch, in its transaction: the partitions' event times are
 * stored, every window their watermarks have passed is closed (one {@code WindowClosed} version through
 * the commit path, exactly once) and closed windows past their retention leave the store.
 */
public final class WindowLifecycle {

    /**
     * What a batch did to windows.
     *
     * @param closed  the aggregates closed
     * @param expired the aggregates deleted
     */
    public record Outcome(List<String> closed, List<String> expired) {

        public static final Outcome NONE = new Outcome(List.of(), List.of());
    }

    private final String pipeline;
    private final Duration retention;
    private final int expiryBatchSize;
    private final PipelineJson json;
    private final AggregateCommit commit;

    public WindowLifecycle(CompiledPipeline pipeline, AggregateCommit commit, int expiryBatchSize) {
        WindowSpec window = pipeline.pipeline().window().orElseThrow(
                () -> new IllegalArgumentException("pipeline " + pipeline.name() + " has no window"));
        this.pipeline = pipeline.name();
        this.retention = window.retention();
        this.expiryBatchSize = expiryBatchSize;
        this.json = new PipelineJson(pipeline);
        this.commit = commit;
    }

    /** Stores the clocks that moved, then closes and expires windows by the watermarks of the batch's partitions. */
    public Uni<Outcome> advance(Mutiny.Session session, PartitionClocks clocks, Instant updatedAt) {
        Map<Integer, Instant> watermarks = clocks.watermarks();
        return EventTimes.save(session, pipeline, clocks.moved(), updatedAt)
                .chain(() -> WindowRows.closing(session, pipeline, watermarks))
                .chain(closing -> commit.write(session, closing.stream().map(w -> windowClosed(w, updatedAt)).toList())
                        .chain(() -> commit.expireWindows(session, watermarks, retention, expiryBatchSize))
                        .map(expired -> new Outcome(closing.stream().map(ClosingWindow::aggregateId).toList(),
                                expired)));
    }

    /** The final version: the same results, one version up, nothing changed. */
    private NewVersion windowClosed(ClosingWindow window, Instant updatedAt) {
        AggregateUpdate update = new AggregateUpdate(pipeline, AggregateUpdate.Type.WINDOW_CLOSED, window.aggregateId(),
                json.readKey(window.groupKey()), window.window(), window.version() + 1, window.rows(),
                json.readResults(window.results()), Map.of(), new AggregateUpdate.Cause(0, null, null), updatedAt);
        return new NewVersion(update, window.state(), AggregateValues.Write.NONE, window.partition());
    }
}
