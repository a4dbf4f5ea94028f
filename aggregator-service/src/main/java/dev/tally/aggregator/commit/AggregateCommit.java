package dev.tally.aggregator.commit;

import dev.tally.aggregator.store.AggregateRow;
import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.AggregateValues;
import dev.tally.aggregator.store.InputPositions;
import dev.tally.aggregator.store.InputPositions.InputPosition;
import dev.tally.aggregator.store.Journal;
import dev.tally.aggregator.store.OutboxMessages;
import dev.tally.aggregator.store.WindowRows;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.pipeline.load.CompiledPipeline;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one place that writes a pipeline's aggregates, inside the caller's transaction: each new version's row and
 * its outbox event (the only way a version leaves the aggregator), and for a batch of changes where the input stands
 * after it (its partitions' next offsets and log marks: what drops a change that comes again) and the journal
 * entries of the changes it applied. Batches, compensations, rebuilds and window closes all commit through it, so a
 * version is never written without its outbox event, nor a batch's effects without its input positions.
 */
public final class AggregateCommit {

    private final String pipeline;
    private final PipelineJson json;
    private final AggregateUpdateCodec updates;

    public AggregateCommit(CompiledPipeline pipeline) {
        this.pipeline = pipeline.name();
        this.json = new PipelineJson(pipeline);
        this.updates = new AggregateUpdateCodec(pipeline);
    }

    /** Writes the versions: their rows, the values of mins and maxes they changed, and one outbox event each. */
    public Uni<Void> write(Mutiny.Session session, List<NewVersion> versions) {
        if (versions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AggregateRow> rows = new ArrayList<>(versions.size());
        List<AggregateUpdate> outbox = new ArrayList<>(versions.size());
        List<AggregateValues.Row> values = new ArrayList<>(versions.size());
        for (NewVersion version : versions) {
            values.add(new AggregateValues.Row(version.aggregateId(), version.version(), version.values()));
            AggregateUpdate update = version.update();
            rows.add(new AggregateRow(update.aggregateId(), json.canonicalKey(update.key()), update.window(),
                    update.version(), update.rows(), json.results(update.aggregates()), version.state(),
                    version.partition(), update.type() == AggregateUpdate.Type.WINDOW_CLOSED, update.updatedAt()));
            outbox.add(update);
        }
        return AggregateStore.upsert(session, pipeline, rows)
                .chain(() -> AggregateValues.write(session, pipeline, values))
                .chain(() -> OutboxMessages.write(session, updates, outbox));
    }

    /** A batch of changes: where its input stands after it, the journal entries of what it applied, its versions. */
    public Uni<Void> writeBatch(Mutiny.Session session, Map<Integer, InputPosition> positions,
                                List<Journal.Applied> applied, List<NewVersion> versions) {
        return InputPositions.save(session, pipeline, positions)
                .chain(() -> Journal.insert(session, pipeline, applied))
                .chain(() -> write(session, versions));
    }

    /**
     * Deletes up to {@code limit} closed windows whose end lies {@code retention} or more before the watermark of
     * their partition, each with an outbox event that removes it from the compacted aggregates topic (a tombstone).
     *
     * @return the ids of the deleted aggregates
     */
    public Uni<List<String>> expireWindows(Mutiny.Session session, Map<Integer, Instant> watermarks,
                                           Duration retention, int limit) {
        return WindowRows.expire(session, pipeline, watermarks, retention, limit)
                .call(expired -> OutboxMessages.removals(session, pipeline, expired));
    }
}
