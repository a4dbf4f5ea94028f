package dev.tally.aggregator.rebuild;

import dev.tally.aggregator.PipelineJson;
import dev.tally.aggregator.apply.GroupFold;
import dev.tally.aggregator.store.AggregateRow;
import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.LockedAggregate;
import dev.tally.aggregator.store.OutboxWriter;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Empties every aggregate of a pipeline as a rebuild begins: each gets an empty state and its next version,
 * and an outbox event says so, so that sinks drop what the rebuild will count again (versions keep growing:
 * a sink never mistakes the rebuilt values for old ones).
 */
final class AggregateReset {

    private AggregateReset() {
    }

    /** @return how many aggregates were emptied; their events name the rebuild as their cause */
    static Uni<Integer> emptyAll(Mutiny.Session session, CompiledPipeline pipeline, String rebuildId, Instant now) {
        List<AggregateDefinition> definitions = pipeline.aggregateDefinitions();
        PipelineJson json = new PipelineJson(pipeline);
        GroupFold fold = new GroupFold(definitions);
        return AggregateStore.lockAll(session, pipeline.name()).chain(locked -> {
            List<AggregateRow> rows = new ArrayList<>(locked.size());
            List<AggregateUpdate> updates = new ArrayList<>(locked.size());
            for (LockedAggregate aggregate : locked) {
                String id = aggregate.stored().aggregateId();
                Map<String, Object> before = AggregateState.restore(definitions, aggregate.stored().state()).results();
                AggregateState empty = AggregateState.empty(definitions);
                Map<String, Object> after = empty.results();
                long version = aggregate.stored().version() + 1;
                rows.add(new AggregateRow(id, aggregate.groupKey(), aggregate.window(), version, 0,
                        json.results(after), empty.toState(), null));
                updates.add(new AggregateUpdate(pipeline.name(), AggregateUpdate.Type.UPDATED, id,
                        json.readGroupKey(aggregate.groupKey()), aggregate.window(), version, 0, after,
                        fold.delta(before, after), new AggregateUpdate.Cause(0, rebuildId, null), now));
            }
            return AggregateStore.upsert(session, pipeline.name(), rows, now)
                    .chain(() -> OutboxWriter.write(session, new AggregateUpdateCodec(pipeline), updates))
                    .replaceWith(locked.size());
        });
    }
}
