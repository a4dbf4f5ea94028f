package dev.tally.aggregator.rebuild;

import dev.tally.aggregator.commit.AggregateCommit;
import dev.tally.aggregator.commit.NewVersion;
import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.AggregateValues;
import dev.tally.aggregator.store.LockedAggregate;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.pipeline.fold.AggregateFold;
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
        AggregateFold fold = new AggregateFold(definitions);
        return AggregateStore.lockAll(session, pipeline.name()).chain(locked -> {
            List<NewVersion> versions = new ArrayList<>(locked.size());
            for (LockedAggregate aggregate : locked) {
                AggregateState state = AggregateState.restore(definitions, aggregate.stored().state(),
                        aggregate.stored().values());
                Map<String, Object> before = state.results();
                // Emptied in place: the values its mins and maxes held are written as gone.
                state.clear();
                Map<String, Object> after = state.results();
                AggregateUpdate update = new AggregateUpdate(pipeline.name(), AggregateUpdate.Type.UPDATED,
                        aggregate.stored().aggregateId(), json.readKey(aggregate.groupKey()), aggregate.window(),
                        aggregate.stored().version() + 1, 0, after, fold.delta(before, after),
                        new AggregateUpdate.Cause(0, rebuildId, null), now);
                versions.add(new NewVersion(update, state.toState(), AggregateValues.Write.snapshot(state), null));
            }
            return new AggregateCommit(pipeline).write(session, versions).replaceWith(locked.size());
        });
    }
}
