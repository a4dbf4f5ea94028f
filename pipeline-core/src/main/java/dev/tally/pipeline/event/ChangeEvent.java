package dev.tally.pipeline.event;

import dev.tally.pipeline.window.Window;
import java.time.Instant;
import java.util.Map;

/**
 * A canonical change: what one source change does to one group (and window). The aggregator
 * applies {@code after - before} exactly once, by {@code eventId}.
 *
 * @param pipeline   the pipeline
 * @param eventId    deterministic id (see {@link EventIds})
 * @param key        the group key
 * @param window     the window, or null without windows
 * @param before     aggregate inputs of the row before the change; null when it did not count here
 * @param after      aggregate inputs of the row after the change; null when it no longer counts here
 * @param rowKey     the source row's identity
 * @param order      the row's write order (see {@link dev.tally.pipeline.aggregate.RowRef})
 * @param eventTime  the window's event time field, or the commit time
 * @param commitTime when the source committed the change
 * @param source     the pipeline source it came from
 * @param position   the source position, as text
 * @param reread     the row was read again by an incremental snapshot: it counts only in a pipeline being rebuilt
 * @param origin     where it was read in the source's log; null for a change posted over HTTP, which has no log
 */
public record ChangeEvent(
        String pipeline,
        String eventId,
        GroupKey key,
        Window window,
        Map<String, Object> before,
        Map<String, Object> after,
        String rowKey,
        String order,
        Instant eventTime,
        Instant commitTime,
        String source,
        String position,
        boolean reread,
        ChangeOrigin origin) {

    /** A change from the log or an initial snapshot (not a re-read), without an origin: posted over HTTP. */
    public ChangeEvent(String pipeline, String eventId, GroupKey key, Window window, Map<String, Object> before,
                       Map<String, Object> after, String rowKey, String order, Instant eventTime, Instant commitTime,
                       String source, String position) {
        this(pipeline, eventId, key, window, before, after, rowKey, order, eventTime, commitTime, source, position, false,
                null);
    }

    /** The same change, retracting {@code newBefore} instead of what it carried. */
    public ChangeEvent withBefore(Map<String, Object> newBefore) {
        return new ChangeEvent(pipeline, eventId, key, window, newBefore, after, rowKey, order, eventTime, commitTime,
                source, position, reread, origin);
    }

    /** The aggregate this event changes: the group key, and the window when there is one. */
    public String aggregateId() {
        return AggregateIds.of(key, window);
    }
}
