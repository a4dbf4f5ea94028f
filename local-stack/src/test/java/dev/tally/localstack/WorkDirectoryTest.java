package dev.tally.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryTest {

    @TempDir
    Path tempDir;

    @Test
    void afterAFailedStartOnlyTheComponentLogsRemain() throws IOException {
        Path dir = tempDir.resolve("stack");
        Path brokerLog = touch(dir.resolve("kafka/kafka.log"));
        Path brokerOutput = touch(dir.resolve("kafka/kafka.out"));
        Path segment = touch(dir.resolve("kafka/data/orders-0/00000000000000000000.log"));
        Path properties = touch(dir.resolve("kafka/server.properties"));
        Path binary = touch(dir.resolve("postgres/binaries/bin/postgres"));

        WorkDirectory.deleteAllButLogs(dir);

        assertThat(brokerLog).exists();
        assertThat(brokerOutput).exists();
        assertThat(segment).doesNotExist();
        assertThat(properties).doesNotExist();
        assertThat(dir.resolve("postgres")).doesNotExist();
    }

    @Test
    void refusesADirectoryThatIsNotEmpty() throws IOException {
        touch(tempDir.resolve("something"));

        assertThatThrownBy(() -> WorkDirectory.createEmpty(tempDir))
                .hasMessageContaining(tempDir + " is not empty");
    }

    @Test
    void deleteRemovesSymbolicLinksButNotTheirTargets() throws IOException {
        Path target = touch(tempDir.resolve("outside/file"));
        Path dir = tempDir.resolve("stack");
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("link"), target.getParent());

        WorkDirectory.delete(dir);

        assertThat(dir).doesNotExist();
        assertThat(target).exists();
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "x");
    }
}
