package dev.tally.aggregator.dlq;

import dev.tally.aggregator.store.AggregateStore;
import dev.tally.aggregator.store.OutboxMessages;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.load.CompiledPipeline;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Publishes the versions of re-driven publish dead letters again, through the outbox, in the re-drive's transaction.
 * Only a version that is still its aggregate's current one goes (the aggregate rows are locked, so no batch commits a
 * newer version in between), once per aggregate. The aggregates topic is compacted: its last record of an aggregate
 * must stay the newest version, which every sink reads, a new or reset one too. Each sink skips a version it has (the
 * SQL sinks' version guard, the sink version ledger), so in effect only the sink that gave up on it delivers it.
 */
final class OutboxRedrive {

    /** A publish dead letter and the aggregate version it holds. */
    record Candidate(ConsumerRecord<byte[], byte[]> record, AggregateUpdate update) {
    }

    /** What became of a candidate: published again, or skipped with the reason. */
    record Verdict(Candidate candidate, String skipped) {
        boolean published() {
            return skipped == null;
        }
    }

    private final CompiledPipeline pipeline;
    private final AggregateUpdateCodec codec;

    OutboxRedrive(CompiledPipeline pipeline) {
        this.pipeline = pipeline;
        this.codec = new AggregateUpdateCodec(pipeline);
    }

    /** The version a publish dead letter holds; fails, saying why, when its value is not one of this pipeline. */
    Candidate candidate(ConsumerRecord<byte[], byte[]> record) {
        try {
            return new Candidate(record, codec.decode(record.value()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an aggregate update of pipeline '" + pipeline.name() + "': "
                    + e.getMessage(), e);
        }
    }

    /** Judges every candidate against the locked current versions and emits those still current, each once. */
    Uni<List<Verdict>> publish(Mutiny.Session session, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> ids = new TreeSet<>();
        candidates.forEach(candidate -> ids.add(candidate.update().aggregateId()));
        return AggregateStore.lockVersions(session, pipeline.name(), ids).chain(current -> {
            List<Verdict> verdicts = new ArrayList<>(candidates.size());
            Map<String, AggregateUpdate> emitted = new LinkedHashMap<>();
            for (Candidate candidate : candidates) {
                String skipped = judge(candidate.update(), current.get(candidate.update().aggregateId()));
                if (skipped == null) {
                    emitted.putIfAbsent(candidate.update().aggregateId(), candidate.update());
                }
                verdicts.add(new Verdict(candidate, skipped));
            }
            return OutboxMessages.write(session, codec, List.copyOf(emitted.values())).replaceWith(verdicts);
        });
    }

    private static String judge(AggregateUpdate update, Long current) {
        if (current == null) {
            return "aggregate " + update.aggregateId() + " is no longer in the store (an expired window, or emptied "
                    + "by a rebuild): there is nothing to publish again";
        }
        if (current > update.version()) {
            return "superseded: aggregate " + update.aggregateId() + " is at version " + current + " now, which was "
                    + "published after version " + update.version() + " (the sink has it, or a dead letter of its own "
                    + "holds it)";
        }
        if (current < update.version()) {
            return "aggregate " + update.aggregateId() + " is at version " + current + ", older than the dead letter's "
                    + update.version() + " (the store was reset since?): not published";
        }
        return null;
    }
}
