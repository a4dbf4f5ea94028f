package dev.tally.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an outside tool (kubectl, node, npm) to its end, within a deadline, and keeps what it printed. */
public record Command(List<String> arguments, Path workDir, Duration deadline) {

    /** What a finished command printed, and its exit code. */
    public record Result(int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    public Result run() {
        return run(null);
    }

    /** @param stdin written to the command's standard input, or null for none */
    public Result run(String stdin) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("tally-deploy-validation", ".out");
            err = Files.createTempFile("tally-deploy-validation", ".err");
            ProcessBuilder builder = new ProcessBuilder(arguments).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            try (var input = process.getOutputStream()) {
                if (stdin != null) {
                    input.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", arguments) + " (in " + workDir + ") did not finish within "
                        + deadline.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", arguments) + " in " + workDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", arguments), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** True when {@code program} can be started from the PATH. */
    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans up what is left
            }
        }
    }
}
