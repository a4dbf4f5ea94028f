package dev.tally.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Reads the aggregator's tables in the {@code tally} database over JDBC, as an operator would. */
final class TallyDatabase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A row of {@code tally_aggregate}.
     *
     * @param groupKey  the group key object
     * @param version   the version
     * @param rows      contributing rows
     * @param results   the results object
     * @param updatedAt the commit time of the version
     */
    record AggregateRow(JsonNode groupKey, long version, long rows, JsonNode results, Instant updatedAt) {
    }

    private final String jdbcUrl;

    TallyDatabase(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    Optional<AggregateRow> aggregate(String aggregateId) {
        return aggregate(aggregateId, "sales-by-product");
    }

    Optional<AggregateRow> aggregate(String aggregateId, String pipeline) {
        return query("SELECT group_key::text, version, rows, results::text, updated_at FROM tally_aggregate "
                + "WHERE pipeline = '" + pipeline + "' AND aggregate_id = ?", aggregateId, rs -> rs.next()
                ? Optional.of(new AggregateRow(JSON.readTree(rs.getString(1)), rs.getLong(2), rs.getLong(3),
                        JSON.readTree(rs.getString(4)), rs.getTimestamp(5).toInstant()))
                : Optional.empty());
    }

    /** The values {@code tally_aggregate_value} keeps for an aggregate: "slot value" → count. */
    java.util.Map<String, Long> values(String aggregateId) {
        return query("SELECT slot, value, count FROM tally_aggregate_value WHERE pipeline = 'sales-by-product' "
                + "AND aggregate_id = ?", aggregateId, rs -> {
            java.util.Map<String, Long> values = new java.util.TreeMap<>();
            while (rs.next()) {
                values.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
            }
            return values;
        });
    }

    /** The rows of an aggregate's value log, oldest first: "version snapshot" or "version delta". */
    java.util.List<String> valueLog(String aggregateId) {
        return query("SELECT version, snapshot FROM tally_aggregate_value_log WHERE pipeline = 'sales-by-product' "
                + "AND aggregate_id = ? ORDER BY version", aggregateId, rs -> {
            java.util.List<String> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + (rs.getBoolean(2) ? " snapshot" : " delta"));
            }
            return rows;
        });
    }

    long journalEntries(String aggregateId) {
        return count("SELECT count(*) FROM tally_journal WHERE pipeline = 'sales-by-product' AND aggregate_id = ?",
                aggregateId);
    }

    /** The ids of the events journaled for an aggregate, whether reversed or not. */
    java.util.Set<String> journaledEventIds(String aggregateId) {
        return query("SELECT event_id::text FROM tally_journal WHERE pipeline = 'sales-by-product' AND aggregate_id = ?",
                aggregateId, rs -> {
                    java.util.Set<String> ids = new java.util.HashSet<>();
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                    return ids;
                });
    }

    /**
     * Moves the journal batches holding these events {@code days} into the past, as if they had been applied then; the
     * batches must hold these events and no others (a batch's entries share the time it was applied).
     */
    void ageJournalEntries(java.util.Collection<String> eventIds, int days) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement("UPDATE tally_journal_batch"
                     + " SET applied_at = now() - make_interval(days => ?)"
                     + " WHERE pipeline = 'sales-by-product' AND event_ids && ?::uuid[]"
                     + " RETURNING cardinality(event_ids)")) {
            statement.setInt(1, days);
            statement.setArray(2, connection.createArrayOf("text", eventIds.toArray()));
            long aged = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    aged += rs.getLong(1);
                }
            }
            if (aged != eventIds.size()) {
                throw new IllegalStateException("the journal batches holding " + eventIds + " hold " + aged
                        + " events, not these alone");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot age journal entries on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private long count(String sql, String parameter) {
        return query(sql, parameter, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws Exception;
    }

    private <T> T query(String sql, String parameter, Reader<T> reader) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + jdbcUrl + ": " + sql + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the result of " + sql + ": " + e.getMessage(), e);
        }
    }
}
