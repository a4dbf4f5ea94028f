package dev.tally.bench.peers;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.process.JavaCommand;
import dev.tally.localstack.process.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Launches the Flink SQL peer (module {@code bench/flink-peer}) as a child JVM on its own classpath:
 * Flink's dependencies (Kafka client, Jackson, Guava) must not meet the bench's Quarkus-managed ones.
 */
public final class FlinkPeer {

    /** The sink table the peer upserts into, in the sink database. */
    public static final String TABLE = "flink_sales_by_product";
    public static final String CREATE_TABLE = "CREATE TABLE " + TABLE + " (product_id bigint PRIMARY KEY, "
            + "lines bigint NOT NULL, units bigint NOT NULL, revenue numeric NOT NULL, min_price numeric(12,2), "
            + "max_price numeric(12,2))";
    public static final int PARALLELISM = 2;
    public static final long CHECKPOINT_MILLIS = 1000;
    /** Which JDK runs Flink; set it to run the peer on another Java than the bench's. */
    public static final String JAVA_HOME_PROPERTY = "tally.bench.flink.java.home";

    private FlinkPeer() {
    }

    public static ManagedProcess launch(Path root, StackEndpoints endpoints, String rawTopic, String groupId,
                                        Path workDir) {
        Path module = root.resolve("bench/flink-peer/target");
        Path jar = module.resolve("tally-bench-flink-peer.jar");
        Path classpath = module.resolve("classpath.txt");
        if (!Files.exists(jar) || !Files.exists(classpath)) {
            throw new IllegalStateException("the Flink peer is not built: " + jar + " or " + classpath
                    + " is missing; run ./tally build");
        }
        Path dir = workDir.resolve("flink-peer");
        List<String> command;
        try {
            command = JavaCommand.main("dev.tally.bench.flink.FlinkSqlPeer")
                    .classpath(jar + java.io.File.pathSeparator + Files.readString(classpath).trim())
                    .jvmOptions("-Xmx2g", "-XX:+ExitOnOutOfMemoryError")
                    .arguments(endpoints.kafkaBootstrapServers(), rawTopic, groupId,
                            "jdbc:postgresql://127.0.0.1:" + endpoints.postgresPort() + "/sink", StackEndpoints.USER,
                            StackEndpoints.PASSWORD, TABLE, String.valueOf(PARALLELISM),
                            String.valueOf(CHECKPOINT_MILLIS), dir.resolve("state").toString())
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + classpath + ": " + e.getMessage(), e);
        }
        command.set(0, java().toString());
        ManagedProcess process = ManagedProcess.builder("flink-peer", command).directory(dir)
                .output(dir.resolve("flink-peer.log")).build();
        process.start();
        return process;
    }

    /** The java launcher for Flink: the bench's own unless {@value #JAVA_HOME_PROPERTY} names another JDK. */
    public static Path java() {
        String home = System.getProperty(JAVA_HOME_PROPERTY);
        return home == null || home.isBlank() ? JavaCommand.javaExecutable() : Path.of(home, "bin", "java");
    }

    /** Flink's version, read from the peer's classpath (flink-runtime-2.2.1.jar gives 2.2.1). */
    public static String flinkVersion(Path root) {
        try {
            var matcher = java.util.regex.Pattern.compile("flink-runtime-([^/:]+)\\.jar")
                    .matcher(Files.readString(root.resolve("bench/flink-peer/target/classpath.txt")));
            return matcher.find() ? matcher.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown (bench/flink-peer is not built)";
        }
    }

    /** The Java version that runs Flink, e.g. {@code 25.0.3}. */
    public static String javaVersion() {
        try {
            Process version = new ProcessBuilder(java().toString(), "-version").redirectErrorStream(true).start();
            String out = new String(version.getInputStream().readAllBytes());
            version.waitFor();
            var matcher = java.util.regex.Pattern.compile("version \"([^\"]+)\"").matcher(out);
            return matcher.find() ? matcher.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
