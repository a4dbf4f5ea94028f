package dev.tally.localstack.connect;

import dev.tally.localstack.process.Arguments;
import dev.tally.localstack.process.ParentWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * Runs the local Kafka Connect worker (distributed mode) in its own JVM, with the Debezium connectors and
 * transformations of this JVM's classpath, until it is stopped or the parent process dies.
 *
 * <p>Arguments: {@code --dir <dir> --bootstrap-servers <host:port> --port <REST port>
 * --offset-flush-interval-ms <ms> --parent-pid <pid>}.
 */
public final class ConnectMain {

    private ConnectMain() {
    }

    public static void main(String[] args) throws IOException {
        Arguments arguments = Arguments.parse("ConnectMain", args, Set.of("dir", "bootstrap-servers", "port",
                "offset-flush-interval-ms", "parent-pid"));
        arguments.optionalLong("parent-pid").ifPresent(ParentWatch::exitWhenGone);
        Path dir = arguments.requiredPath("dir");
        Map<String, String> props = WorkerProperties.of(arguments.required("bootstrap-servers"), arguments.requiredInt("port"),
                arguments.optionalLong("offset-flush-interval-ms").orElse(1000L));
        Path workerProperties = writeWorkerProperties(dir, props);
        ConnectDistributed.main(new String[] {workerProperties.toString()});
    }

    private static Path writeWorkerProperties(Path dir, Map<String, String> props) throws IOException {
        Files.createDirectories(dir);
        Properties properties = new Properties();
        properties.putAll(props);
        Path file = dir.resolve("worker.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Written by Tally's local-stack ConnectMain");
        }
        return file;
    }
}
