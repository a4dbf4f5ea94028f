package dev.tally.pipeline.cdc;

import java.math.BigInteger;

/** An Oracle change: SCN, commit SCN, redo record id (rs_id) and SQL sequence number (ssn). */
public record OraclePosition(BigInteger scn, BigInteger commitScn, String rsId, long ssn) implements SourcePosition {

    @Override
    public String connector() {
        return "oracle";
    }

    @Override
    public String asString() {
        return "oracle:scn=" + scn + ":commit_scn=" + commitScn + ":rs_id=" + rsId + ":ssn=" + ssn;
    }

    @Override
    public String orderKey() {
        return String.format("%030d:%030d:%s:%010d", commitScn == null ? scn : commitScn, scn, rsId, ssn);
    }
}
