package dev.tally.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs an SQL script in a database of the local stack. */
public final class SourceSchema {

    private SourceSchema() {
    }

    public static void apply(Path script, String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(script));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        }
    }
}
