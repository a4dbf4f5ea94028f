package dev.tally.pipeline.cdc;

import java.time.Instant;
import java.util.Map;

/**
 * One row change, source-neutral: what every connector's envelope decodes to.
 *
 * @param op         the operation
 * @param table      the table the row belongs to
 * @param key        the row's primary key columns (from the message key, or null when absent)
 * @param before     the row before the change; null for inserts, snapshot reads and truncates
 * @param after      the row after the change; null for deletes and truncates
 * @param commitTime when the source committed the change ({@code source.ts_ms})
 * @param position   the change's position in the source log
 * @param snapshot   true when the row comes from a snapshot rather than the log
 * @param reread     true when an incremental snapshot read the row again ({@code source.snapshot = incremental}):
 *                   it counts only in a pipeline that is being rebuilt
 */
public record RowChange(
        Operation op,
        TableId table,
        Map<String, Object> key,
        Map<String, Object> before,
        Map<String, Object> after,
        Instant commitTime,
        SourcePosition position,
        boolean snapshot,
        boolean reread) {

    /** A change from the log or an initial snapshot: not a re-read. */
    public RowChange(Operation op, TableId table, Map<String, Object> key, Map<String, Object> before,
                     Map<String, Object> after, Instant commitTime, SourcePosition position, boolean snapshot) {
        this(op, table, key, before, after, commitTime, position, snapshot, false);
    }

    /**
     * The row's canonical identity (see {@link CanonicalRowKey}): the table and the key columns, or,
     * for a table without a key, all columns of the row image ({@code after}, else {@code before}).
     * Every delivery of the same change gives the same text. A truncate, which has no row, gives
     * the table alone.
     */
    public String rowKey() {
        return CanonicalRowKey.of(table, key != null ? key : after != null ? after : before);
    }
}
