package dev.tally.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An example folder: its pipeline files ({@code *.yaml}) and the source schema they read
 * ({@code schema.sql}, created in the {@code source} database).
 */
record Example(String name, List<Path> pipelines, Optional<Path> schema) {

    static Example of(Workspace workspace, String name) {
        Path dir = workspace.examplesDir().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no example '" + name + "' (examples: " + String.join(", ", names(workspace))
                    + ")");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> pipelines = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
            if (pipelines.isEmpty()) {
                throw new IllegalArgumentException("example '" + name + "' has no pipeline file (*.yaml) in " + dir);
            }
            Path schema = dir.resolve("schema.sql");
            return new Example(name, pipelines, Files.exists(schema) ? Optional.of(schema) : Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(Workspace workspace) {
        try (Stream<Path> dirs = Files.list(workspace.examplesDir())) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
