package dev.tally.aggregator;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a windowed pipeline's rows of {@code tally_aggregate} and {@code tally_journal} over JDBC, as an operator would. */
final class WindowStore {

    /**
     * A windowed aggregate row.
     *
     * @param aggregateId the aggregate id
     * @param result      product, window and results, comparable with {@link GroundTruth}
     * @param version     the version
     * @param closed      whether its WindowClosed was written
     * @param partition   its partition of the changes topic
     */
    record Row(String aggregateId, WindowResult result, long version, boolean closed, int partition) {
    }

    private static final String SELECT = """
            SELECT aggregate_id, (group_key->>'product_id')::bigint, window_start, window_end, rows,
                   (results->>'lines')::bigint, (results->>'units')::bigint, (results->>'revenue')::numeric,
                   (results->>'min_price')::numeric, (results->>'max_price')::numeric, version, closed, partition
            FROM tally_aggregate WHERE pipeline = ?
            """;

    private final String jdbcUrl;
    private final String pipeline;

    WindowStore(String jdbcUrl, String pipeline) {
        this.jdbcUrl = jdbcUrl;
        this.pipeline = pipeline;
    }

    /** The windows that hold rows, sorted like {@link GroundTruth}'s. */
    List<WindowResult> nonEmptyResults() {
        return rows("").stream().map(Row::result).filter(r -> r.lines() > 0).sorted().toList();
    }

    Optional<Row> row(String aggregateId) {
        return rows(" AND aggregate_id = ?", aggregateId).stream().findFirst();
    }

    /** How many min and max values {@code tally_aggregate_value} keeps for an aggregate. */
    long values(String aggregateId) {
        return count("SELECT count(*) FROM tally_aggregate_value WHERE pipeline = ? AND aggregate_id = ?", aggregateId);
    }

    boolean journalHas(String eventId) {
        return count("SELECT count(*) FROM tally_journal WHERE pipeline = ? AND event_id = cast(? as uuid)", eventId) > 0;
    }

    private long count(String sql, String parameter) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, pipeline);
            s.setString(2, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    private List<Row> rows(String where, String... parameters) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement s = c.prepareStatement(SELECT + where)) {
            s.setString(1, pipeline);
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 2, parameters[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    WindowResult result = new WindowResult(rs.getLong(2), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant(), rs.getLong(6), rs.getLong(7), decimal(rs.getBigDecimal(8)),
                            decimal(rs.getBigDecimal(9)), decimal(rs.getBigDecimal(10)));
                    rows.add(new Row(rs.getString(1), result, rs.getLong(11), rs.getBoolean(12), rs.getInt(13)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tally_aggregate of " + pipeline + ": " + e.getMessage(), e);
        }
    }

    static BigDecimal decimal(BigDecimal value) {
        return value == null ? null : value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /** The aggregate id the aggregator gives product {@code product}'s window starting at {@code start}. */
    static String aggregateId(long product, Instant start, Instant end) {
        return "[" + product + "]@" + start + "/" + end;
    }
}
