package dev.tally.pipeline.cdc;

/**
 * A PostgreSQL change: the LSN of the change record and its transaction id. Snapshot rows share
 * one LSN; event ids tell them apart by row key.
 */
public record PostgresPosition(long lsn, Long txId) implements SourcePosition {

    @Override
    public String connector() {
        return "postgresql";
    }

    @Override
    public String asString() {
        return "pg:lsn=" + lsn + ":tx=" + txId;
    }

    @Override
    public String orderKey() {
        return String.format("%016x", lsn);
    }
}
