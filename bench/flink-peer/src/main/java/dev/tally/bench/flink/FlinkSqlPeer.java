package dev.tally.bench.flink;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * The Flink SQL peer of Tally's sales-by-product pipeline, as a Flink user would write it: the raw
 * Debezium topic read as a changelog ({@code debezium-json}), {@code GROUP BY product_id} with the
 * same aggregates (Flink retracts min and max exactly), upserted into PostgreSQL through the JDBC
 * connector; a local MiniCluster, exactly-once checkpoints. Runs until killed.
 */
public final class FlinkSqlPeer {

    private FlinkSqlPeer() {
    }

    public static void main(String[] args) {
        FlinkPeerSettings settings = FlinkPeerSettings.parse(args);
        Instant started = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
        try {
            TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
                    .withConfiguration(configuration(settings)).build());
            tables.executeSql(SalesByProductSql.source(settings));
            tables.executeSql(SalesByProductSql.sink(settings));
            TableResult job = tables.executeSql(SalesByProductSql.insert());
            System.out.printf("flink peer: job %s submitted %d ms after start%n",
                    job.getJobClient().map(c -> c.getJobID().toString()).orElse("?"),
                    Duration.between(started, Instant.now()).toMillis());
            job.await();
            System.out.println("flink peer: job ended");
            System.exit(0);
        } catch (Exception e) {
            // The MiniCluster's threads would keep a failed peer alive: end it, so the bench sees it die.
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Tuned as Flink's documentation advises for an unbounded GROUP BY: RocksDB state, mini-batch, local-global aggregation. */
    static Configuration configuration(FlinkPeerSettings settings) {
        Configuration config = new Configuration();
        config.setString("parallelism.default", String.valueOf(settings.parallelism()));
        config.setString("execution.checkpointing.interval", settings.checkpointInterval().toMillis() + " ms");
        config.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        config.setString("execution.checkpointing.dir", settings.stateDir().resolve("checkpoints").toUri().toString());
        config.setString("state.backend.type", "rocksdb");
        config.setString("execution.checkpointing.incremental", "true");
        // A failing job ends the process (the bench sees it die) instead of restarting forever.
        config.setString("restart-strategy.type", "fixed-delay");
        config.setString("restart-strategy.fixed-delay.attempts", "2");
        config.setString("restart-strategy.fixed-delay.delay", "1 s");
        config.setString("table.exec.mini-batch.enabled", "true");
        config.setString("table.exec.mini-batch.allow-latency", "200 ms");
        config.setString("table.exec.mini-batch.size", "5000");
        config.setString("table.optimizer.agg-phase-strategy", "TWO_PHASE");
        config.setString("io.tmp.dirs", settings.stateDir().resolve("tmp").toString());
        config.setString("rest.bind-address", "127.0.0.1");
        config.setString("rest.address", "127.0.0.1");
        config.setString("rest.port", "0");
        return config;
    }
}
