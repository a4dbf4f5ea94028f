package dev.tally.pipeline.dedupe;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeOrigin;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells, on one partition of a changes topic, the changes Debezium sent again (a connector that restarted before
 * its offsets were flushed replays the log from them) from new ones, by a high-water mark of the source position per
 * partition of the source's raw topic, not by a record per change. The ingest service sends a raw partition's
 * changes in log order, each once (its Kafka transactions), so on a changes partition:
 * <ul>
 *   <li>a change from the log whose position (and part) is not past the mark was applied already;
 *   <li>a snapshot read is applied, and sets the mark to the snapshot's position, from which the log goes on
 *       (all reads of a snapshot share that position; a connector re-created on another database may start lower);
 *   <li>a row read again by an incremental snapshot is applied as it comes: during a rebuild the row ledger keeps
 *       rows counted once, and other pipelines do not count it at all.
 * </ul>
 * Positions of one source are assumed never to go back but in these replays and at a new snapshot. Changes without
 * an origin (posted over HTTP, or re-driven dead letters) are not judged here: the aggregator looks them up by id.
 */
public final class LogMarks {

    private final Map<String, LogMark> marks;
    private final Map<String, LogMark> moved = new LinkedHashMap<>();

    private LogMarks(Map<String, LogMark> marks) {
        this.marks = new HashMap<>(marks);
    }

    /** The marks of one changes partition as committed, by {@link #key}. */
    public static LogMarks restore(Map<String, LogMark> committed) {
        return new LogMarks(committed);
    }

    /** The mark's key: the pipeline source and the partition of its raw topic. */
    public static String key(String source, int rawPartition) {
        return source + "#" + rawPartition;
    }

    /**
     * Whether {@code event}, which has an origin, is a change applied before; when it is not, the mark moves past
     * it. Call it in record order, once per event.
     */
    public boolean replayed(ChangeEvent event) {
        ChangeOrigin origin = event.origin();
        if (event.reread()) {
            return false;
        }
        String key = key(event.source(), origin.partition());
        LogMark mark = marks.get(key);
        LogMark next;
        if (origin.snapshot()) {
            next = new LogMark(origin.positionKey(), -1);
        } else if (mark != null && compare(origin.positionKey(), origin.part(), mark) <= 0) {
            return true;
        } else {
            next = new LogMark(origin.positionKey(), origin.part());
        }
        if (!next.equals(mark)) {
            marks.put(key, next);
            moved.put(key, next);
        }
        return false;
    }

    /** The marks that moved since they were restored. */
    public Map<String, LogMark> moved() {
        return moved;
    }

    private static int compare(String position, int part, LogMark mark) {
        int byPosition = position.compareTo(mark.position());
        return byPosition != 0 ? byPosition : Integer.compare(part, mark.part());
    }
}
