package dev.tally.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tally command finds the repository (examples, strimzi) and keeps its state (.tally). */
public record Workspace(Path root) {

    public static Workspace current() {
        String configured = System.getProperty("tally.root");
        Path start = Path.of(configured != null ? configured : "").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("strimzi")) && Files.isDirectory(dir.resolve("examples"))) {
                return new Workspace(dir);
            }
        }
        throw new IllegalStateException("cannot find Tally's repository (a folder with strimzi/ and examples/) at or above "
                + start);
    }

    Path stateDir() {
        return root.resolve(".tally");
    }

    /** KEY=VALUE lines describing what runs, for scripts, psql and other shells. */
    public Path localEnv() {
        return stateDir().resolve("local.env");
    }

    Path stackDir() {
        return stateDir().resolve("stack");
    }

    /** Removes .tally once nothing is left in it. */
    void removeStateDirIfEmpty() throws java.io.IOException {
        if (Files.isDirectory(stateDir())) {
            try (var entries = Files.list(stateDir())) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(stateDir());
                }
            }
        }
    }

    Path strimziDir() {
        return root.resolve("strimzi");
    }

    Path examplesDir() {
        return root.resolve("examples");
    }
}
