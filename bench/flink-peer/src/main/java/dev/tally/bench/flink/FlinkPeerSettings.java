package dev.tally.bench.flink;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the Flink peer reads and writes.
 *
 * @param bootstrap          Kafka bootstrap servers
 * @param rawTopic           the raw Debezium topic of {@code order_lines}
 * @param groupId            the consumer group the Kafka source commits its offsets to on each checkpoint
 * @param jdbcUrl            the sink database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/sink}
 * @param user               its user
 * @param password           its password
 * @param table              the sink table (created by the caller)
 * @param parallelism        operators' parallelism
 * @param checkpointInterval how often a checkpoint commits
 * @param stateDir           where checkpoints and temporary files go
 */
record FlinkPeerSettings(String bootstrap, String rawTopic, String groupId, String jdbcUrl, String user,
                         String password, String table, int parallelism, Duration checkpointInterval, Path stateDir) {

    static FlinkPeerSettings parse(String[] args) {
        if (args.length != 10) {
            System.err.println("usage: FlinkSqlPeer <bootstrap> <raw topic> <group id> <jdbc url> <user> <password> "
                    + "<sink table> <parallelism> <checkpoint interval ms> <state dir>");
            System.exit(2);
        }
        return new FlinkPeerSettings(args[0], args[1], args[2], args[3], args[4], args[5], args[6],
                Integer.parseInt(args[7]), Duration.ofMillis(Long.parseLong(args[8])), Path.of(args[9]));
    }
}
