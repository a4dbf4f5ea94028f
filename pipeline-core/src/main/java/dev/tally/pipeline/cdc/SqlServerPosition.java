package dev.tally.pipeline.cdc;

/** A SQL Server change: commit LSN, change LSN and the event's serial number within the change. */
public record SqlServerPosition(String commitLsn, String changeLsn, long eventSerialNo) implements SourcePosition {

    @Override
    public String connector() {
        return "sqlserver";
    }

    @Override
    public String asString() {
        return "sqlserver:commit_lsn=" + commitLsn + ":change_lsn=" + changeLsn + ":serial=" + eventSerialNo;
    }

    @Override
    public String orderKey() {
        return commitLsn + "|" + changeLsn + "|" + String.format("%010d", eventSerialNo);
    }
}
