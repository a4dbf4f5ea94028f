package dev.tally.pipeline.event;

/**
 * Where a change was read in its source's log, as the raw topic holds it: what lets the aggregator tell a change it
 * applied already (the ingest service read the record again, or Debezium sent the change again) from a new one,
 * without remembering every change.
 *
 * @param partition   the partition of the source's raw topic
 * @param offset      the record's offset there
 * @param part        which of the change events the record gave this is (0, 1, ...): a change that moves a row
 *                    between groups or windows gives several
 * @param positionKey the change's position in the source log ({@code SourcePosition.orderKey()}): positions of the
 *                    same source compare in log order
 * @param snapshot    the row was read by a snapshot: snapshot reads share one position, so only their offsets tell
 *                    them apart
 */
public record ChangeOrigin(int partition, long offset, int part, String positionKey, boolean snapshot) {
}
