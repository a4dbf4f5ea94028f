package dev.tally.cli;

import dev.tally.localstack.ReadyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/** Stops a stack started by {@code tally up}: no process and no data directory is left behind. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops what ./tally up started and removes its data directory.")
final class DownCommand implements Callable<Integer> {

    private static final Duration GRACEFUL = Duration.ofSeconds(60);

    @Override
    public Integer call() throws Exception {
        Workspace workspace = Workspace.current();
        if (!Files.exists(workspace.localEnv())) {
            System.out.println("tally: nothing is running (no " + workspace.localEnv() + ")");
            removeStackDir(workspace);
            return 0;
        }
        Map<String, String> env = ReadyFile.read(workspace.localEnv());
        Optional<ProcessHandle> tally = process(env.get("TALLY_PID"));
        if (tally.isPresent()) {
            System.out.println("tally: stopping pid " + tally.get().pid() + " ...");
            tally.get().destroy();
            try {
                tally.get().onExit().get(GRACEFUL.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.println("tally: still running after " + GRACEFUL.toSeconds() + " s; killing it");
            }
        }
        List<String> killed = env.entrySet().stream()
                .filter(e -> e.getKey().endsWith("_PID"))
                .flatMap(e -> process(e.getValue()).filter(ProcessHandle::isAlive).stream()
                        .peek(ProcessHandle::destroyForcibly).map(p -> e.getKey() + "=" + p.pid()))
                .toList();
        if (!killed.isEmpty()) {
            System.out.println("tally: killed what did not stop: " + String.join(", ", killed));
        }
        Files.deleteIfExists(workspace.localEnv());
        removeStackDir(workspace);
        workspace.removeStateDirIfEmpty();
        System.out.println("tally: stopped");
        return 0;
    }

    private static Optional<ProcessHandle> process(String pid) {
        if (pid == null || pid.isBlank()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid.trim())).filter(ProcessHandle::isAlive);
    }

    private static void removeStackDir(Workspace workspace) throws IOException {
        Path dir = workspace.stackDir();
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
