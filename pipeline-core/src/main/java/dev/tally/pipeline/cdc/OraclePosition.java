package dev.tally.pipeline.cdc;

import java.math.BigInteger;

/**
 * An Oracle change: SCN, commit SCN, redo record id (rs_id), SQL sequence number (ssn) and
 * transaction id. Snapshot reads have only an SCN: no commit SCN, rs_id or transaction id.
 *
 * @param scn       the SCN of the change
 * @param commitScn the SCN at which its transaction committed; null for snapshot reads
 * @param rsId      the rollback segment id of the redo record; null when not reported
 * @param ssn       the SQL sequence number within the redo record; 0 when not reported
 * @param txId      the transaction id; null for snapshot reads
 */
public record OraclePosition(BigInteger scn, BigInteger commitScn, String rsId, long ssn, String txId)
        implements SourcePosition {

    public OraclePosition(BigInteger scn, BigInteger commitScn, String rsId, long ssn) {
        this(scn, commitScn, rsId, ssn, null);
    }

    @Override
    public String connector() {
        return "oracle";
    }

    @Override
    public String asString() {
        return "oracle:scn=" + scn + ":commit_scn=" + commitScn + ":rs_id=" + rsId + ":ssn=" + ssn;
    }

    /** Debezium emits transactions in commit order, so the commit SCN leads; SCNs are zero-padded. */
    @Override
    public String orderKey() {
        return OrderKeys.decimal(commitScn == null ? scn : commitScn, 30)
                + ":" + OrderKeys.decimal(scn, 30)
                + ":" + (rsId == null ? "" : rsId)
                + ":" + OrderKeys.decimal(ssn, 20);
    }
}
