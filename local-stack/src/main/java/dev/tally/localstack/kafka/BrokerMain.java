package dev.tally.localstack.kafka;

import dev.tally.localstack.process.Arguments;
import dev.tally.localstack.process.ParentWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Runs the local Kafka broker in its own JVM: writes server.properties into its directory, formats the storage on
 * first start and runs {@code kafka.Kafka} until it is stopped or the parent process dies.
 *
 * <p>Arguments: {@code --dir <dir> --port <broker port> --controller-port <port> --parent-pid <pid>}.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse("BrokerMain", args, Set.of("dir", "port", "controller-port", "parent-pid"));
        arguments.optionalLong("parent-pid").ifPresent(ParentWatch::exitWhenGone);
        Path dir = arguments.requiredPath("dir");
        Path logDir = dir.resolve("data");
        Map<String, String> props = BrokerProperties.of(logDir, arguments.requiredInt("port"), arguments.requiredInt("controller-port"));
        Path serverProperties = writeServerProperties(dir, props);
        formatStorageIfNeeded(logDir, serverProperties);
        kafka.Kafka.main(new String[] {serverProperties.toString()});
    }

    private static Path writeServerProperties(Path dir, Map<String, String> props) throws IOException {
        Files.createDirectories(dir);
        Properties properties = new Properties();
        properties.putAll(props);
        Path file = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Written by Tally's local-stack BrokerMain");
        }
        return file;
    }

    private static void formatStorageIfNeeded(Path logDir, Path serverProperties) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        String[] format = {"format", "--config", serverProperties.toString(), "--cluster-id", Uuid.randomUuid().toString()};
        int exitCode = StorageTool.execute(format, System.out);
        if (exitCode != 0) {
            throw new IllegalStateException("kafka-storage format of " + logDir + " failed with exit code " + exitCode);
        }
    }
}
