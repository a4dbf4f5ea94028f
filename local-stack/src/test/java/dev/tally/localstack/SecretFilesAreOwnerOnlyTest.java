package dev.tally.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development signing key and the ready file (which holds tokens) are readable by their owner only. */
class SecretFilesAreOwnerOnlyTest {

    @Test
    void theDevelopmentKeyIsCreatedOwnerOnlyAndAnOldReadableOneIsRestricted(@TempDir Path dir) throws Exception {
        DevTokens.keptIn(dir);
        Path key = dir.resolve(DevTokens.PRIVATE_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        String token = DevTokens.keptIn(dir).operator();
        assertThat(token).isNotBlank();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void theReadyFileIsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.env");
        ReadyFile.write(file, Map.of("TALLY_OPERATOR_TOKEN", "secret"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ReadyFile.read(file)).containsEntry("TALLY_OPERATOR_TOKEN", "secret");
    }
}
