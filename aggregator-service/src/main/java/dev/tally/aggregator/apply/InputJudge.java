package dev.tally.aggregator.apply;

import dev.tally.aggregator.store.InputPositions.InputPosition;
import dev.tally.pipeline.dedupe.LogMark;
import dev.tally.pipeline.dedupe.LogMarks;
import dev.tally.pipeline.dlq.DeadLetter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which changes of a batch were applied before, judged against the stored input positions of their partitions
 * (no row per change): a record before its partition's next offset was applied (the batch came again: a crash
 * between the database commit and the Kafka one, or another consumer had the partition); a change from a source log
 * that is not past its log mark was applied (Debezium sent it again, see {@link LogMarks}). A change without a log
 * position (posted over HTTP), or made of a re-driven dead letter, is left to be looked up in the journal by id.
 */
final class InputJudge {

    /**
     * A batch judged.
     *
     * @param fresh      the changes not applied before, in record order
     * @param byId       those of them to look up in the journal by id
     * @param repeats    how many were applied before
     * @param next       each partition's position after the batch, to store with its effects
     */
    record Judged(List<PendingEvent> fresh, List<PendingEvent> byId, int repeats, Map<Integer, InputPosition> next) {
    }

    private InputJudge() {
    }

    /**
     * @param events the batch's change events, in record order
     * @param ends   each partition of the batch with the offset after its last record
     * @param stored each partition's stored position
     */
    static Judged judge(List<PendingEvent> events, Map<Integer, Long> ends, Map<Integer, InputPosition> stored) {
        Map<Integer, LogMarks> marks = new HashMap<>();
        List<PendingEvent> fresh = new ArrayList<>(events.size());
        List<PendingEvent> byId = new ArrayList<>();
        int repeats = 0;
        for (PendingEvent pending : events) {
            int partition = pending.record().partition();
            InputPosition position = stored.get(partition);
            if (pending.record().offset() < position.nextOffset()) {
                repeats++;
            } else if (pending.event().origin() == null || redriven(pending)) {
                fresh.add(pending);
                byId.add(pending);
            } else if (marks.computeIfAbsent(partition, p -> LogMarks.restore(position.marks())).replayed(pending.event())) {
                repeats++;
            } else {
                fresh.add(pending);
            }
        }
        Map<Integer, InputPosition> next = new LinkedHashMap<>();
        ends.forEach((partition, end) -> {
            InputPosition position = stored.get(partition);
            LogMarks moved = marks.get(partition);
            Map<String, LogMark> changedMarks = moved == null ? Map.of() : moved.moved();
            next.put(partition, new InputPosition(Math.max(end, position.nextOffset()), changedMarks));
        });
        return new Judged(fresh, byId, repeats, next);
    }

    private static boolean redriven(PendingEvent pending) {
        return pending.record().headers().lastHeader(DeadLetter.REDRIVEN_FOR) != null;
    }
}
