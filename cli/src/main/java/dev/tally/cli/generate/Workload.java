package dev.tally.cli.generate;

import java.sql.Connection;
import java.sql.SQLException;

/** A stream of realistic source transactions for an example. */
public interface Workload {

    /**
     * Runs and commits one transaction on {@code connection} (auto-commit off).
     *
     * @return how many rows it inserted, updated or deleted
     */
    int next(Connection connection) throws SQLException;
}
