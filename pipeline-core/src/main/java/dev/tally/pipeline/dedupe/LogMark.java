package dev.tally.pipeline.dedupe;

/**
 * How far the changes of one partition of a source's raw topic have been applied on one changes partition: the
 * position in the source log of the last change applied.
 *
 * @param position the position key ({@code SourcePosition.orderKey()})
 * @param part     its part ({@link dev.tally.pipeline.event.ChangeOrigin#part()}); -1 when the position is a
 *                 snapshot's, from which the log goes on
 */
public record LogMark(String position, int part) {
}
