package dev.tally.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The directory a stack owns entirely: created empty at start, deleted with everything in it at the end. */
public final class WorkDirectory {

    private WorkDirectory() {
    }

    /** Creates {@code dir}, or accepts it if it exists and is empty. */
    public static Path createEmpty(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("The work directory " + dir + " is not empty. The local stack deletes"
                            + " its work directory when it stops, so give it a new or empty one.");
                }
            }
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the work directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A new directory under the system's temporary directory. */
    public static Path createTemporary(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Deletes {@code dir} and everything in it (symbolic links themselves, not what they point to). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes everything in {@code dir} except the components' log files ({@code *.log}, {@code *.out} in {@code dir}
     * or one level below; deeper ones are data, such as Kafka's segments), so that a failed start leaves its logs to
     * read and nothing else.
     */
    public static void deleteAllButLogs(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    deleteIfEmpty(path);
                } else if (!isLog(path) || dir.relativize(path).getNameCount() > 2) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean up " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isLog(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".log") || name.endsWith(".out");
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                return;
            }
        }
        Files.delete(dir);
    }
}
