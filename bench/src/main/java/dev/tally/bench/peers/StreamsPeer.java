package dev.tally.bench.peers;

import dev.tally.bench.streams.StreamsPeerMain;
import dev.tally.localstack.process.JavaCommand;
import dev.tally.localstack.process.ManagedProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Launches a Kafka Streams peer ({@link StreamsPeerMain}) as a child JVM on the bench's classpath. */
public final class StreamsPeer {

    private StreamsPeer() {
    }

    /** The peer on Tally's changes topic: {@code groupByKey().aggregate()} of the change events. */
    public static ManagedProcess onChangesTopic(String bootstrap, String changesTopic, String outputTopic,
                                                String applicationId, Path pipelineFile, Path workDir) {
        return launch("changes", bootstrap, changesTopic, outputTopic, applicationId, workDir,
                pipelineFile.toAbsolutePath().toString());
    }

    /** The peer on the raw Debezium topic: {@code toTable().groupBy().aggregate()}. */
    public static ManagedProcess onRawTopic(String bootstrap, String rawTopic, String outputTopic, String applicationId,
                                            Path workDir) {
        return launch("raw", bootstrap, rawTopic, outputTopic, applicationId, workDir);
    }

    private static ManagedProcess launch(String kind, String bootstrap, String input, String output,
                                         String applicationId, Path workDir, String... more) {
        Path dir = workDir.resolve(applicationId);
        List<String> arguments = new ArrayList<>(List.of(kind, bootstrap, input, output, applicationId,
                dir.resolve("state").toString()));
        arguments.addAll(List.of(more));
        List<String> command = JavaCommand.main(StreamsPeerMain.class.getName())
                .classpath(System.getProperty("java.class.path"))
                .jvmOptions("-Xmx1g", "-XX:+ExitOnOutOfMemoryError")
                .arguments(arguments.toArray(String[]::new))
                .build();
        ManagedProcess process = ManagedProcess.builder(applicationId, command).directory(dir)
                .output(dir.resolve(applicationId + ".log")).build();
        process.start();
        return process;
    }
}
