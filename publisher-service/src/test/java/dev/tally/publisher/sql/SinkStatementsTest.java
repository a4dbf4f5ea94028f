package dev.tally.publisher.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.event.AggregateIds;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.Window;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The SQL a sink table is written with: quoted names, the version guard, and deletes that can use the unique key. */
class SinkStatementsTest {

    private static final Window WINDOW = new Window(Instant.parse("2025-01-01T00:00:00Z"),
            Instant.parse("2025-01-01T00:01:00Z"));

    private final SinkTable table = new SinkTable(new TableName(Optional.of("Reporting"), "sales"),
            List.of(new SinkColumn("region", ValueType.STRING, false), new SinkColumn("product_id", ValueType.LONG, false),
                    new SinkColumn("window_start", ValueType.TIMESTAMP, true),
                    new SinkColumn("window_end", ValueType.TIMESTAMP, true)),
            List.of(new SinkColumn("lines", ValueType.LONG, false), new SinkColumn("revenue", ValueType.DECIMAL, false)));
    private final SinkStatements statements = new SinkStatements(table);

    @Test
    void upsertsOnlyOverAnOlderVersionAndStampsTheTimeOfTheWrite() {
        assertThat(statements.upsert()).isEqualTo("INSERT INTO \"Reporting\".\"sales\" AS target (\"region\", "
                + "\"product_id\", \"window_start\", \"window_end\", \"lines\", \"revenue\", \"version\", \"updated_at\") "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp()) "
                + "ON CONFLICT (\"region\", \"product_id\", \"window_start\", \"window_end\") DO UPDATE SET "
                + "\"lines\" = EXCLUDED.\"lines\", \"revenue\" = EXCLUDED.\"revenue\", \"version\" = EXCLUDED.\"version\", "
                + "\"updated_at\" = EXCLUDED.\"updated_at\" WHERE target.\"version\" < EXCLUDED.\"version\"");

        AggregateUpdate update = update(7, "eu", 42L);
        assertThat(values(statements.upsertValues(update))).containsExactly("eu", 42L,
                OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2025, 1, 1, 0, 1, 0, 0, ZoneOffset.UTC), 3L, new BigDecimal("9.90"), 7L);
    }

    @Test
    void deletesMatchNullKeyValuesWithIsNullAndBindOnlyTheOthers() {
        AggregateUpdate nullRegion = update(4, null, 42L);
        AggregateUpdate bothSet = update(5, "eu", 43L);

        assertThat(statements.nullMask(nullRegion)).isNotEqualTo(statements.nullMask(bothSet));
        assertThat(statements.delete(statements.nullMask(nullRegion))).isEqualTo("DELETE FROM \"Reporting\".\"sales\" "
                + "WHERE \"region\" IS NULL AND \"product_id\" = $1 AND \"window_start\" = $2 AND \"window_end\" = $3 "
                + "AND \"version\" < $4");
        assertThat(values(statements.deleteValues(nullRegion))).containsExactly(42L,
                OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2025, 1, 1, 0, 1, 0, 0, ZoneOffset.UTC), 4L);
        assertThat(statements.delete(statements.nullMask(bothSet))).isEqualTo("DELETE FROM \"Reporting\".\"sales\" "
                + "WHERE \"region\" = $1 AND \"product_id\" = $2 AND \"window_start\" = $3 AND \"window_end\" = $4 "
                + "AND \"version\" < $5");
        assertThat(values(statements.deleteValues(bothSet))).hasSize(5).startsWith("eu", 43L).endsWith(5L);
    }

    private static List<Object> values(Tuple tuple) {
        return IntStream.range(0, tuple.size()).mapToObj(tuple::getValue).toList();
    }

    private static AggregateUpdate update(long version, Object... key) {
        GroupKey groupKey = new GroupKey(Arrays.asList(key));
        Map<String, Object> results = new HashMap<>();
        results.put("lines", 3L);
        results.put("revenue", new BigDecimal("9.90"));
        return new AggregateUpdate("sales", AggregateUpdate.Type.UPDATED, AggregateIds.of(groupKey, WINDOW), groupKey,
                WINDOW, version, 3, results, Map.of(), new AggregateUpdate.Cause(1, "e", null), Instant.now());
    }
}
