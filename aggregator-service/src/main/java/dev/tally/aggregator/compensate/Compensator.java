package dev.tally.aggregator.compensate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.aggregator.AggregatorMetrics;
import dev.tally.aggregator.commit.AggregateCommit;
import dev.tally.aggregator.commit.NewVersion;
import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.AggregateValues;
import dev.tally.aggregator.store.CompensationRecord;
import dev.tally.aggregator.store.Compensations;
import dev.tally.aggregator.store.Journal;
import dev.tally.aggregator.store.LockedAggregate;
import dev.tally.aggregator.topics.Blocking;
import dev.tally.aggregator.topics.TopicReader;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.aggregate.RowRef;
import dev.tally.pipeline.event.AggregateIds;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.pipeline.fold.AggregateFold;
import dev.tally.pipeline.load.CompiledPipeline;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Applies compensations to one pipeline's aggregates, each in one transaction with the new aggregate version, its
 * {@code Compensated} outbox event and the compensation record. The version moves, so the aggregator's state cache
 * reloads the state before the next batch touches the aggregate.
 */
public final class Compensator {

    private final String pipeline;
    private final List<AggregateDefinition> definitions;
    private final Duration retention;
    private final Mutiny.SessionFactory sessions;
    private final PipelineJson json;
    private final AggregateFold fold;
    private final AggregateCommit commit;
    private final AggregatorMetrics metrics;
    private final JournaledChanges changes;
    private final String changesTopic;

    public Compensator(CompiledPipeline pipeline, Mutiny.SessionFactory sessions, TopicReader topics,
                       AggregatorMetrics metrics) {
        this.pipeline = pipeline.name();
        this.definitions = pipeline.aggregateDefinitions();
        this.retention = pipeline.pipeline().retention().journal();
        this.sessions = sessions;
        this.json = new PipelineJson(pipeline);
        this.fold = new AggregateFold(definitions);
        this.commit = new AggregateCommit(pipeline);
        this.metrics = metrics;
        this.changes = new JournaledChanges(pipeline, topics);
        this.changesTopic = pipeline.pipeline().changesTopic();
    }

    /**
     * What a request came to.
     *
     * @param record  the compensation record
     * @param created false when the id had been used before with the same request: nothing changed
     */
    public record Outcome(CompensationRecord record, boolean created) {
    }

    /** Applies the request, or finds it applied already; fails with {@link CompensationRefused} when it is refused. */
    public Uni<Outcome> apply(CompensationRequest request, String principal) {
        return sessions.withTransaction(session -> Compensations.lockId(session, pipeline, request.id())
                        .chain(() -> Compensations.find(session, pipeline, request.id(), request.body()))
                        .chain(found -> found.isPresent() ? Uni.createFrom().item(repeated(found.get()))
                                : applyNew(session, request, principal).map(record -> new Outcome(record, true))))
                .invoke(outcome -> {
                    if (outcome.created()) {
                        metrics.compensations().increment();
                    }
                });
    }

    private Outcome repeated(Compensations.Found found) {
        if (!found.sameRequest()) {
            throw new CompensationRefused(CompensationRefused.CONFLICT, "compensation id '" + found.record().id()
                    + "' was already used for another request (" + found.record().request()
                    + "); a repeated id must repeat the same request: use a new id for a new compensation");
        }
        return new Outcome(found.record(), false);
    }

    private Uni<CompensationRecord> applyNew(Mutiny.Session session, CompensationRequest request, String principal) {
        return switch (request) {
            case CompensationRequest.Adjustment adjustment -> adjust(session, adjustment, principal);
            case CompensationRequest.Reversal reversal -> reverse(session, reversal, principal);
        };
    }

    private Uni<CompensationRecord> adjust(Mutiny.Session session, CompensationRequest.Adjustment request,
                                           String principal) {
        String aggregateId = AggregateIds.of(request.key(), request.window());
        return AggregateStore.lockOne(session, pipeline, aggregateId).chain(found -> {
            LockedAggregate locked = found.orElseThrow(() -> new CompensationRefused(CompensationRefused.NOT_FOUND, "pipeline "
                    + pipeline + " has no aggregate " + aggregateId + ": a compensation corrects an existing group and"
                    + " never creates one"));
            AggregateState state = AggregateState.restore(definitions, locked.stored().state(), locked.stored().values());
            Map<String, Object> before = state.results();
            Map<String, Object> after;
            try {
                request.deltas().forEach(state::adjust);
                after = state.results();
            } catch (IllegalStateException | ArithmeticException e) {
                throw new CompensationRefused(CompensationRefused.UNPROCESSABLE, "the adjustment " + request.body().get("adjust")
                        + " cannot be applied to aggregate " + aggregateId + " at version " + locked.stored().version()
                        + " (results " + json.results(before) + "): " + e.getMessage());
            }
            return commit(session, locked, state, before, after, CompensationRecord.ADJUST, request, principal);
        });
    }

    private Uni<CompensationRecord> reverse(Mutiny.Session session, CompensationRequest.Reversal request,
                                            String principal) {
        return Journal.lockEntry(session, pipeline, request.eventId()).chain(found -> {
            Journal.Entry entry = found.orElseThrow(() -> purged(request.eventId(), "has no journal entry for event "
                    + request.eventId() + ": either no such event was applied, or it was applied more than "
                    + retention + " ago (retention.journal) and its entry was purged"));
            if (entry.reversedBy() != null) {
                throw new CompensationRefused(CompensationRefused.CONFLICT, "event " + entry.eventId()
                        + " was already reversed by compensation '" + entry.reversedBy() + "'");
            }
            // The aggregate is locked before the row's other changes are looked for: a batch applying one waits for it.
            return AggregateStore.lockOne(session, pipeline, entry.aggregateId())
                    .chain(aggregate -> Journal.sameRow(session, pipeline, entry)
                            .chain(sameRow -> Blocking.call(() -> RowHistory.of(entry, sameRow, changes)))
                            .chain(history -> retract(session, history, aggregate, request, principal)));
        });
    }

    /** Applies before := the event's after, after := its before; the restored side is written as it was before. */
    private Uni<CompensationRecord> retract(Mutiny.Session session, RowHistory history,
                                            Optional<LockedAggregate> aggregate,
                                            CompensationRequest.Reversal request, String principal) {
        ChangeEvent event = history.change().orElseThrow(() -> purged(request.eventId(), "no longer holds event "
                + request.eventId() + " on " + changesTopic + " (its retention removed it)"));
        history.laterChange().ifPresent(later -> {
            throw new CompensationRefused(CompensationRefused.CONFLICT, "event " + event.eventId()
                    + " cannot be reversed while a later change of the same row (" + event.rowKey() + ") stands: event "
                    + later + " built on it; reverse that one first, or compensate with a delta");
        });
        LockedAggregate locked = aggregate.orElseThrow(() -> new CompensationRefused(CompensationRefused.NOT_FOUND,
                "event " + event.eventId() + " changed aggregate " + event.aggregateId() + ", which pipeline "
                        + pipeline + " no longer has"));
        AggregateState state = AggregateState.restore(definitions, locked.stored().state(), locked.stored().values());
        Map<String, Object> before = state.results();
        Map<String, Object> after;
        try {
            state.apply(event.after(), new RowRef(event.rowKey(), event.order()), event.before(),
                    new RowRef(event.rowKey(), history.previousOrder().orElse(event.order())));
            after = state.results();
        } catch (RuntimeException e) {
            throw new CompensationRefused(CompensationRefused.UNPROCESSABLE, "event " + event.eventId() + " cannot be"
                    + " retracted from aggregate " + event.aggregateId() + " at version " + locked.stored().version()
                    + ": " + e.getMessage());
        }
        return commit(session, locked, state, before, after, CompensationRecord.REVERSE, request, principal)
                .call(() -> Journal.markReversed(session, pipeline, event.eventId(), request.id()));
    }

    private CompensationRefused purged(String eventId, String what) {
        return new CompensationRefused(CompensationRefused.NOT_FOUND, "pipeline " + pipeline + " " + what
                + "; it cannot be reversed any more, compensate with a delta instead");
    }

    private Uni<CompensationRecord> commit(Mutiny.Session session, LockedAggregate locked, AggregateState state,
                                           Map<String, Object> before, Map<String, Object> after, String kind,
                                           CompensationRequest request, String principal) {
        // Truncated to what PostgreSQL keeps, so the row, the record and the published update carry the same time.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String aggregateId = locked.stored().aggregateId();
        long version = locked.stored().version() + 1;
        ObjectNode resultsBefore = json.results(before);
        ObjectNode resultsAfter = json.results(after);
        AggregateUpdate update = new AggregateUpdate(pipeline, AggregateUpdate.Type.COMPENSATED, aggregateId,
                json.readKey(locked.groupKey()), locked.window(), version, state.rows(), after,
                fold.delta(before, after), new AggregateUpdate.Cause(1, request.id(), null), now);
        CompensationRecord record = new CompensationRecord(request.id(), kind, principal, request.reason(), now,
                request.body(), new CompensationRecord.Effect(aggregateId, version, resultsBefore, resultsAfter));
        return commit.write(session, List.of(new NewVersion(update, state.toState(),
                        AggregateValues.Write.of(state, locked.stored().version(), version), null)))
                .chain(() -> Compensations.insert(session, pipeline, record))
                .replaceWith(record);
    }
}
