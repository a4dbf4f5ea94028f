package dev.tally.pipeline.cdc;

/**
 * Where a change sits in its source's log. Two positions of the same connector compare in log
 * order through {@link #orderKey()}; {@link #asString()} is stable and feeds event ids.
 */
public sealed interface SourcePosition
        permits PostgresPosition, MySqlPosition, SqlServerPosition, OraclePosition, HttpPosition {

    /** The connector family: postgresql, mysql (MariaDB included), sqlserver, oracle or http. */
    String connector();

    /** A stable textual form, identical for the same change however often it is delivered. */
    String asString();

    /** A string whose lexical order is the log order of positions of the same connector. */
    String orderKey();
}
