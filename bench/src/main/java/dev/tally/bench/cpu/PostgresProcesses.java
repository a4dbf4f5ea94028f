package dev.tally.bench.cpu;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL's CPU split by what its server processes do: client backends per database, each walsender by its
 * replication slot, and the server's own workers (checkpointer, WAL writer, autovacuum...). The process tree's total
 * is what {@link ProcessTreeCpu} gives; this says where in it the time went.
 */
public final class PostgresProcesses {

    /** What a process that ended within the window, and the postmaster itself, are reported as. */
    public static final String ENDED = "ended processes and the postmaster";

    private static final String LABELS = """
            SELECT a.pid, CASE
                WHEN a.backend_type = 'walsender' THEN 'walsender ' || coalesce(s.slot_name, a.application_name)
                WHEN a.backend_type = 'client backend' THEN 'backends of ' || coalesce(a.datname, '?')
                ELSE a.backend_type END
            FROM pg_stat_activity a LEFT JOIN pg_replication_slots s ON s.active_pid = a.pid
            """;

    private PostgresProcesses() {
    }

    /** Each server process's ticks so far: the postmaster's with its reaped children, the others' own. */
    public record Snapshot(long postmaster, Map<Long, Long> ticks) {
    }

    public static Snapshot snapshot(long postmaster) {
        Map<Long, Long> ticks = new HashMap<>();
        ProcessTreeCpu.readAll().forEach((pid, stat) -> {
            if (pid == postmaster) {
                ticks.put(pid, stat.ticks());
            } else if (stat.parent() == postmaster) {
                ticks.put(pid, stat.own());
            }
        });
        return new Snapshot(postmaster, ticks);
    }

    /** What each live server process is, by PID, from {@code pg_stat_activity}. */
    public static Map<Long, String> labels(String jdbcUrl) throws SQLException {
        Map<Long, String> labels = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(LABELS)) {
            while (rs.next()) {
                labels.put(rs.getLong(1), rs.getString(2));
            }
        }
        return labels;
    }

    /**
     * Seconds of CPU by label between two snapshots; a process that started in between counts whole, one that ended
     * in between counts in {@link #ENDED} (its time moved to the postmaster's reaped children).
     */
    public static Map<String, Double> between(Snapshot start, Snapshot end, Map<Long, String> labels) {
        double perTick = 1.0 / ProcessTreeCpu.TICKS_PER_SECOND;
        Map<String, Double> seconds = new TreeMap<>();
        end.ticks().forEach((pid, ticks) -> {
            long used = ticks - start.ticks().getOrDefault(pid, 0L);
            String label = pid == end.postmaster() ? ENDED : labels.getOrDefault(pid, ENDED);
            seconds.merge(label, used * perTick, Double::sum);
        });
        start.ticks().forEach((pid, ticks) -> {
            if (!end.ticks().containsKey(pid)) {
                // Its last ticks are in the postmaster's reaped children already; what it had used before the window
                // must not count.
                seconds.merge(ENDED, -ticks * perTick, Double::sum);
            }
        });
        return seconds;
    }
}
