package dev.tally.pipeline.cdc;

/**
 * A SQL Server change: commit LSN, change LSN and the event's serial number within the change.
 * LSNs are in Debezium's text form, {@code 00000027:00000758:0003}; snapshot reads have only a
 * commit LSN (the change LSN is null and the serial number 0).
 */
public record SqlServerPosition(String commitLsn, String changeLsn, long eventSerialNo) implements SourcePosition {

    @Override
    public String connector() {
        return "sqlserver";
    }

    @Override
    public String asString() {
        return "sqlserver:commit_lsn=" + commitLsn + ":change_lsn=" + changeLsn + ":serial=" + eventSerialNo;
    }

    /** LSN texts are fixed-width lower-case hex, so they compare lexically in log order. */
    @Override
    public String orderKey() {
        return commitLsn + "|" + (changeLsn == null ? "" : changeLsn) + "|" + OrderKeys.decimal(eventSerialNo, 20);
    }
}
