package dev.tally.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** A file of {@code KEY=VALUE} lines that appears all at once, so that a reader never sees half of it. */
public final class ReadyFile {

    private ReadyFile() {
    }

    public static void write(Path file, Map<String, String> entries) {
        StringBuilder content = new StringBuilder();
        entries.forEach((key, value) -> content.append(key).append('=').append(value).append('\n'));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // It may hold tokens (.tally/local.env).
            OwnerOnlyFiles.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the ready file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, String> read(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    entries.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ready file " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }
}
