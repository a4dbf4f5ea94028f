package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A rebuild recorded as running whose source signal was never written, as the aggregator leaves it when it stops
 * between the two: the watcher writes the signal; and when the signal cannot be written until the signal timeout,
 * the rebuild fails, so that a new one can start. Before, such a rebuild stayed running forever.
 */
@QuarkusTest
@TestProfile(SignalledSources.class)
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class RebuildSignalsAfterAStopTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SIGNAL_TABLE = "CREATE TABLE IF NOT EXISTS tally_signal (id varchar(42) PRIMARY KEY, "
            + "type varchar(32) NOT NULL, data varchar(2048))";

    StackEndpoints endpoints;

    @Test
    void anUnwrittenSignalIsWrittenAndOneThatCannotBeFailsTheRebuildAtTheTimeout() throws Exception {
        execute("source", SIGNAL_TABLE);
        String stopped = UUID.randomUUID().toString();
        recordRunning(stopped, "1 minute");

        await("the signal of rebuild " + stopped).atMost(WAIT).until(() -> text("source",
                "SELECT type || ' ' || data FROM tally_signal WHERE id = ?", stopped) != null);
        assertThat(text("source", "SELECT type || ' ' || data FROM tally_signal WHERE id = ?", stopped))
                .startsWith("execute-snapshot ").contains("public.order_lines", "incremental");
        await("the source noted signalled").atMost(WAIT).until(() -> "signalled".equals(text("tally",
                "SELECT sources->>'orders-source' FROM tally_rebuild WHERE id = cast(? as uuid)", stopped)));
        execute("tally", "UPDATE tally_rebuild SET state = 'failed', detail = 'ended by the test' WHERE state = 'running'");

        // The source cannot be signalled any more, and the rebuild began longer ago than the signal timeout.
        execute("source", "DROP TABLE tally_signal");
        String unreachable = UUID.randomUUID().toString();
        try {
            recordRunning(unreachable, "10 minutes");
            await("the rebuild failed at its signal timeout").atMost(WAIT).until(() -> "failed".equals(text("tally",
                    "SELECT state FROM tally_rebuild WHERE id = cast(? as uuid)", unreachable)));
            assertThat(text("tally", "SELECT detail FROM tally_rebuild WHERE id = cast(? as uuid)", unreachable))
                    .contains("connector orders-source could not be signalled within 5m", "start a new rebuild");
        } finally {
            execute("source", SIGNAL_TABLE);
            execute("tally", "UPDATE tally_rebuild SET state = 'failed' WHERE state = 'running'");
        }
    }

    /** What Rebuilds.start leaves when the aggregator stops after recording the rebuild, before signalling. */
    private void recordRunning(String id, String ago) throws Exception {
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl("tally"));
             PreparedStatement insert = connection.prepareStatement("INSERT INTO tally_rebuild (pipeline, id, state, "
                     + "sources, requested_by, requested_at) VALUES ('sales-by-product', cast(? as uuid), 'running', "
                     + "'{\"orders-source\": \"requested\"}', 'test', now() - cast(? as interval))")) {
            insert.setString(1, id);
            insert.setString(2, ago);
            insert.executeUpdate();
        }
    }

    private void execute(String database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(database));
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String text(String database, String sql, String parameter) throws Exception {
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(database));
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
