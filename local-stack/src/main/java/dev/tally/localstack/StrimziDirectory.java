package dev.tally.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository's {@code strimzi/} folder, which holds the connector resources. */
public final class StrimziDirectory {

    private StrimziDirectory() {
    }

    /** The nearest {@code strimzi/} folder at or above the working directory. */
    public static Optional<Path> find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("strimzi");
            if (Files.isDirectory(candidate.resolve("connectors"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static Path locate() {
        return find().orElseThrow(() -> new IllegalStateException("Cannot find a strimzi/connectors folder at or above "
                + Path.of("").toAbsolutePath() + "; run from inside the Tally repository or pass the strimzi folder explicitly"));
    }
}
