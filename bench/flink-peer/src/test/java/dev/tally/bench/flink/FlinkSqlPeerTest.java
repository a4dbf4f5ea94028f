package dev.tally.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's SQL plans with the artifacts on this classpath — Kafka source with debezium-json, JDBC
 * upsert sink — and with the tuning it claims: a changelog aggregation split into local and global
 * phases by mini-batch. Planning needs no broker or database.
 */
class FlinkSqlPeerTest {

    @Test
    void plansAnUpsertingTwoPhaseAggregationOverTheDebeziumChangelog(@TempDir Path state) {
        FlinkPeerSettings settings = new FlinkPeerSettings("127.0.0.1:9", "raw", "group",
                "jdbc:postgresql://127.0.0.1:9/sink", "user", "password", "sales", 2, Duration.ofSeconds(1), state);
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
                .withConfiguration(FlinkSqlPeer.configuration(settings)).build());
        tables.executeSql(SalesByProductSql.source(settings));
        tables.executeSql(SalesByProductSql.sink(settings));

        String plan = tables.explainSql(SalesByProductSql.insert());

        assertThat(plan).contains("LocalGroupAggregate", "GlobalGroupAggregate", "MiniBatchAssigner")
                .contains("TableSourceScan(table=[[default_catalog, default_database, order_lines]]")
                .contains("Sink(table=[default_catalog.default_database.sales_by_product]");
    }
}
