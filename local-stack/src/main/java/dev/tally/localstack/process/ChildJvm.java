package dev.tally.localstack.process;

import java.nio.file.Path;
import java.time.Duration;

/** Supervised child JVMs of the local stack: one directory each, logs in files there, gone when this JVM is gone. */
public final class ChildJvm {

    /** Log4j 2 configuration of the children: everything into the file named by {@value #LOG_FILE_PROPERTY}. */
    private static final String LOG_CONFIG = "classpath:META-INF/tally/log4j2-child.properties";
    private static final String LOG_FILE_PROPERTY = "tally.log.file";

    private ChildJvm() {
    }

    /**
     * A supervisor for {@code mainClass} run with {@code classpath} in {@code dir}: its Log4j 2 log goes to
     * {@code <dir>/<name>.log}, its standard output and error to {@code <dir>/<name>.out}, and it receives
     * {@code --parent-pid <this JVM>} so that it exits when this JVM dies.
     */
    public static ManagedProcess.Builder supervisor(String name, Path dir, String classpath, JavaCommand command) {
        command.classpath(classpath)
                .systemProperty("log4j2.configurationFile", LOG_CONFIG)
                .systemProperty(LOG_FILE_PROPERTY, logFile(name, dir))
                // Keep logging while the child's own shutdown hooks run.
                .systemProperty("log4j2.shutdownHookEnabled", "false")
                .jvmOptions("-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true")
                .argument("parent-pid", ProcessHandle.current().pid());
        return ManagedProcess.builder(name, command.build())
                .directory(dir)
                .output(dir.resolve(name + ".out"))
                .stopTimeout(Duration.ofSeconds(30));
    }

    public static Path logFile(String name, Path dir) {
        return dir.resolve(name + ".log");
    }
}
