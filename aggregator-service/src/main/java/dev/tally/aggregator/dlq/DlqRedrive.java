package dev.tally.aggregator.dlq;

import dev.tally.aggregator.AggregatorConfig;
import dev.tally.aggregator.topics.Blocking;
import dev.tally.aggregator.topics.TopicReader;
import dev.tally.aggregator.topics.TopicReader.Range;
import dev.tally.aggregator.dlq.RedriveResult;
import dev.tally.aggregator.dlq.RedriveResult.Redriven;
import dev.tally.aggregator.dlq.RedriveResult.Skipped;
import dev.tally.aggregator.dlq.Redriver.Outgoing;
import dev.tally.aggregator.store.DlqCoordinates;
import dev.tally.aggregator.store.Redrive;
import dev.tally.aggregator.store.RedriveLog;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.dlq.RedriveTarget;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.Pipeline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Re-drives dead-letter entries of a pipeline and logs each re-drive, in one transaction that holds the pipeline's
 * re-drive lock: "all" goes on from where the previous "all" stopped (a cursor per partition), sends at most
 * {@code tally.aggregator.dlq.max-redrive} entries and skips those re-driven by name since. Ingest and aggregate dead
 * letters are republished to their topic ({@link Redriver}); publish dead letters go out again through the outbox
 * while they hold their aggregate's current version ({@link OutboxRedrive}). Sending a record twice is harmless downstream (the journal
 * keeps an event id once, sinks keep only newer versions), so an entry named explicitly goes again.
 */
@ApplicationScoped
public class DlqRedrive {

    /** The entries to re-drive: every one not re-driven yet, or the ones named (in this order, each once). */
    public record Selection(boolean all, List<DlqCoordinates> entries) {
    }

    /**
     * @param cursors for "all": where the next "all" starts in each partition
     */
    private record Plan(List<Outgoing> outgoing, List<OutboxRedrive.Candidate> reemits, List<Skipped> skipped,
                        boolean more, Map<Integer, Long> cursors) {
        int size() {
            return outgoing.size() + reemits.size();
        }
    }

    private record Sent(Plan plan, List<Redriven> redriven, List<RedriveLog.Logged> logged) {
    }

    private final TopicReader topic;
    private final Redriver redriver;
    private final Mutiny.SessionFactory sessions;
    private final int maxRedrive;

    public DlqRedrive(TopicReader topic, Redriver redriver, Mutiny.SessionFactory sessions,
                      AggregatorConfig config) {
        this.topic = topic;
        this.redriver = redriver;
        this.sessions = sessions;
        this.maxRedrive = config.dlq().maxRedrive();
    }

    /**
     * Re-drives the selected entries.
     *
     * @throws EntriesNotInTopic (as the failure) when a named entry is not in the dead-letter topic; nothing is sent
     */
    public Uni<RedriveResult> redrive(CompiledPipeline compiled, Selection selection, String who) {
        Pipeline pipeline = compiled.pipeline();
        OutboxRedrive outbox = new OutboxRedrive(compiled);
        return sessions.withTransaction((session, tx) -> RedriveLog.lock(session, pipeline.name())
                .chain(() -> selection.all() ? allStart(session, pipeline) : Uni.createFrom().item(AllStart.NONE))
                .chain(start -> Blocking.call(() -> send(who, selection.all() ? planAll(pipeline, outbox, start)
                        : planEntries(pipeline, outbox, selection.entries()))))
                .chain(sent -> outbox.publish(session, sent.plan().reemits())
                        .map(verdicts -> withOutbox(pipeline, who, sent, verdicts)))
                .chain(sent -> RedriveLog.record(session, pipeline.name(), sent.logged())
                        .chain(() -> RedriveLog.saveCursors(session, pipeline.name(), sent.plan().cursors()))
                        .replaceWith(new RedriveResult(sent.redriven(), sent.plan().skipped(), sent.plan().more()))));
    }

    /** Where "all" starts in each partition, and what was re-driven from there on (by name, since "all" passed). */
    private record AllStart(Map<Integer, Long> cursors, Map<DlqCoordinates, List<Redrive>> done) {
        static final AllStart NONE = new AllStart(Map.of(), Map.of());
    }

    private static Uni<AllStart> allStart(Mutiny.Session session, Pipeline pipeline) {
        return RedriveLog.cursors(session, pipeline.name()).chain(cursors ->
                RedriveLog.afterCursors(session, pipeline.name()).map(done -> new AllStart(cursors, done)));
    }

    /**
     * The next entries from the cursors on, in offset order per partition, up to {@code max-redrive}: the scan stops
     * at the first entry beyond, and the cursors move to where it stopped, so the next call reads on from there.
     */
    private Plan planAll(Pipeline pipeline, OutboxRedrive outbox, AllStart start) {
        Plan plan = new Plan(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), false, new TreeMap<>());
        Map<Integer, Range> ranges = new TreeMap<>();
        topic.extent(pipeline.dlqTopic()).forEach((partition, range) -> ranges.put(partition,
                new Range(Math.max(range.begin(), start.cursors().getOrDefault(partition, 0L)), range.end())));
        Map<Integer, Long> next = new TreeMap<>();
        boolean all = topic.scanWhile(pipeline.dlqTopic(), ranges, record -> {
            DlqCoordinates entry = DeadLetterRecords.coordinates(record);
            List<Redrive> before = start.done().get(entry);
            if (before != null) {
                Redrive last = before.getLast();
                plan.skipped().add(new Skipped(entry.partition(), entry.offset(), "already re-driven at " + last.at()
                        + " by " + last.by() + " (to " + last.where() + "); name the entry in \"entries\" to re-drive "
                        + "it again"));
            } else if (plan.size() >= maxRedrive) {
                return false;
            } else {
                plan(pipeline, outbox, record, plan);
            }
            next.put(entry.partition(), entry.offset() + 1);
            return true;
        });
        // A partition read to its end moves past its last offset too: transaction markers hold no entry.
        ranges.forEach((partition, range) -> plan.cursors().put(partition,
                all ? range.end() : next.getOrDefault(partition, range.begin())));
        return new Plan(plan.outgoing(), plan.reemits(), plan.skipped(), !all, plan.cursors());
    }

    private Plan planEntries(Pipeline pipeline, OutboxRedrive outbox, List<DlqCoordinates> entries) {
        Map<Integer, Range> extent = topic.extent(pipeline.dlqTopic());
        List<String> missing = new ArrayList<>();
        Map<Integer, Range> ranges = new TreeMap<>();
        for (DlqCoordinates entry : entries) {
            Range range = extent.get(entry.partition());
            if (range == null) {
                missing.add("partition " + entry.partition() + " does not exist (" + pipeline.dlqTopic() + " has "
                        + (extent.isEmpty() ? "no partitions" : "partitions 0 to " + (extent.size() - 1)) + ")");
            } else if (!range.contains(entry.offset())) {
                missing.add("offset " + entry.offset() + " is not in partition " + entry.partition() + ", which holds "
                        + range);
            } else {
                ranges.merge(entry.partition(), new Range(entry.offset(), entry.offset() + 1), (a, b) ->
                        new Range(Math.min(a.begin(), b.begin()), Math.max(a.end(), b.end())));
            }
        }
        if (!missing.isEmpty()) {
            throw new EntriesNotInTopic(pipeline.dlqTopic(), missing);
        }
        Map<DlqCoordinates, ConsumerRecord<byte[], byte[]>> found = new HashMap<>();
        topic.scan(pipeline.dlqTopic(), ranges, record -> {
            DlqCoordinates entry = DeadLetterRecords.coordinates(record);
            if (entries.contains(entry)) {
                found.put(entry, record);
            }
        });
        Plan plan = new Plan(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), false, Map.of());
        for (DlqCoordinates entry : entries) {
            ConsumerRecord<byte[], byte[]> record = found.get(entry);
            if (record == null) {
                plan.skipped().add(new Skipped(entry.partition(), entry.offset(), "no record at this offset (a "
                        + "transaction marker, or removed by retention meanwhile)"));
            } else {
                plan(pipeline, outbox, record, plan);
            }
        }
        return plan;
    }

    private static void plan(Pipeline pipeline, OutboxRedrive outbox, ConsumerRecord<byte[], byte[]> record,
                             Plan plan) {
        try {
            DeadLetter letter = DeadLetterRecords.letter(record);
            RedriveTarget target = RedriveTarget.of(letter, pipeline);
            if (target.throughOutbox()) {
                plan.reemits().add(outbox.candidate(record));
            } else {
                plan.outgoing().add(new Outgoing(pipeline.name(), record, target));
            }
        } catch (IllegalArgumentException e) {
            plan.skipped().add(new Skipped(record.partition(), record.offset(), "cannot be re-driven: "
                    + e.getMessage()));
        }
    }

    /** Republishes the plan's records for the ingest and aggregate stages. */
    private Sent send(String who, Plan plan) {
        List<RecordMetadata> sent = redriver.send(plan.outgoing());
        List<Redriven> redriven = new ArrayList<>(plan.size());
        List<RedriveLog.Logged> logged = new ArrayList<>(plan.size());
        for (int i = 0; i < sent.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = plan.outgoing().get(i).record();
            RecordMetadata metadata = sent.get(i);
            DlqCoordinates entry = DeadLetterRecords.coordinates(record);
            redriven.add(new Redriven(entry.partition(), entry.offset(), DeadLetterRecords.letter(record).stage().label(),
                    null, metadata.topic(), metadata.partition(), metadata.offset()));
            logged.add(new RedriveLog.Logged(entry, who, metadata.topic(), metadata.partition(), metadata.offset()));
        }
        return new Sent(plan, redriven, logged);
    }

    /** Adds the publish dead letters the outbox took, and skips those it did not, with the reason. */
    private static Sent withOutbox(Pipeline pipeline, String who, Sent sent, List<OutboxRedrive.Verdict> verdicts) {
        for (OutboxRedrive.Verdict verdict : verdicts) {
            ConsumerRecord<byte[], byte[]> record = verdict.candidate().record();
            DlqCoordinates entry = DeadLetterRecords.coordinates(record);
            if (!verdict.published()) {
                sent.plan().skipped().add(new Skipped(entry.partition(), entry.offset(), verdict.skipped()));
                continue;
            }
            DeadLetter letter = DeadLetterRecords.letter(record);
            sent.redriven().add(new Redriven(entry.partition(), entry.offset(), letter.stage().label(),
                    letter.sink().orElse(null), pipeline.aggregatesTopic(), null, null));
            sent.logged().add(new RedriveLog.Logged(entry, who, pipeline.aggregatesTopic(), null, null));
        }
        return sent;
    }

    /** Named entries that are not in the dead-letter topic. */
    public static final class EntriesNotInTopic extends RuntimeException {
        EntriesNotInTopic(String topic, List<String> problems) {
            super("not in " + topic + ": " + String.join("; ", problems) + "; nothing was re-driven");
        }
    }
}
