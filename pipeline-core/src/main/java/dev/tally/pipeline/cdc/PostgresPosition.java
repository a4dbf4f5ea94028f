package dev.tally.pipeline.cdc;

/**
 * A PostgreSQL change: the LSN of the change record, its transaction id, and the LSN of the last
 * transaction committed before it (the first element of Debezium's {@code source.sequence}).
 * Snapshot rows share one LSN; event ids tell them apart by row key.
 *
 * @param lsn           the LSN of the change record
 * @param txId          the transaction id; null for incremental snapshot reads
 * @param lastCommitLsn the commit LSN of the transaction streamed before this one; null when the
 *                      envelope carries no {@code sequence}
 */
public record PostgresPosition(long lsn, Long txId, Long lastCommitLsn) implements SourcePosition {

    public PostgresPosition(long lsn, Long txId) {
        this(lsn, txId, null);
    }

    @Override
    public String connector() {
        return "postgresql";
    }

    @Override
    public String asString() {
        return "pg:lsn=" + lsn + ":tx=" + txId;
    }

    /**
     * Orders by the last commit LSN first, then by LSN: logical decoding streams transactions in
     * commit order, so a change of a later-committed transaction may carry a lower LSN than a
     * change of a transaction streamed before it.
     */
    @Override
    public String orderKey() {
        return OrderKeys.hex16(lastCommitLsn != null ? lastCommitLsn : lsn) + ":" + OrderKeys.hex16(lsn);
    }
}
