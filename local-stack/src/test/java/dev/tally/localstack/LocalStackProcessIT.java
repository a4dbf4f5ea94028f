package dev.tally.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.localstack.process.JavaCommand;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The out-of-process stack, started from a JVM without local-stack's dependencies, as a Quarkus test would. */
class LocalStackProcessIT {

    @Test
    void startsAnswersAndStopsWithoutLeftoversFromABareClasspath(@TempDir Path tempDir) throws Exception {
        String bareClasspath = String.join(File.pathSeparator,
                LocalStackClasspath.ownLocation().toString(),
                codeSource(BareClasspathLauncher.class),
                codeSource(QuarkusTestResourceLifecycleManager.class));
        Path output = tempDir.resolve("launcher.out");
        Process launcher = new ProcessBuilder(JavaCommand.main(BareClasspathLauncher.class.getName()).classpath(bareClasspath).build())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        assertThat(launcher.waitFor(3, TimeUnit.MINUTES)).as("launcher finished").isTrue();
        String printed = Files.readString(output);
        assertThat(launcher.exitValue()).as(printed).isZero();

        assertThat(printed)
                .contains("CONFIG quarkus.datasource.reactive.url=vertx-reactive:postgresql://127.0.0.1:")
                .contains("CONFIG quarkus.datasource.username=postgres")
                .contains("CONNECTORS=200 []")
                .contains("STOPPED");
        List<Long> pids = Arrays.stream(value(printed, "PIDS=").split(",")).map(Long::parseLong).toList();
        assertThat(pids).hasSize(4).noneMatch(Processes::isRunning);
        assertThat(Path.of(value(printed, "DIR="))).doesNotExist();
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String value(String printed, String prefix) {
        return printed.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("No line " + prefix + " in:\n" + printed))
                .substring(prefix.length());
    }
}
