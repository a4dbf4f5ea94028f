package dev.tally.publisher;

import dev.tally.pipeline.event.AggregateUpdate;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * One destination of a pipeline's aggregates. Each sink consumes with a consumer group and a loop of its own, so a
 * slow or failing sink never holds back another (a bulkhead).
 */
public interface Sink {

    /** The pipeline whose aggregates this sink receives. */
    String pipeline();

    /** The sink's name, unique within its pipeline; names its consumer group. */
    String name();

    /**
     * Makes the destination ready before any update is delivered (e.g. creates the target table). Runs once at start,
     * off the event loop, and may block.
     *
     * @throws IllegalStateException saying what is wrong and how to fix it; the service then refuses to start
     */
    void prepare();

    /**
     * Whether the sink receives every version of an aggregate in a batch (ordered by aggregate id, then version)
     * rather than only the newest.
     */
    default boolean everyVersion() {
        return false;
    }

    /**
     * Writes one batch: at most one update per aggregate id, its newest version in the batch, unless
     * {@link #everyVersion()}. Completes, once the writes are durable, with the updates that changed the destination
     * (not those it refused as stale) and those it gave up on, which then go to the dead-letter topic. A failure makes
     * the consumer loop retry the whole batch, so writing must be idempotent.
     */
    Uni<WriteResult> write(List<AggregateUpdate> updates);
}
