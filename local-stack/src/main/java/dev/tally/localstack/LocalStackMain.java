package dev.tally.localstack;

import dev.tally.localstack.process.Arguments;
import dev.tally.localstack.process.ParentWatch;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a local stack in its own JVM until SIGTERM or the death of its parent: starts it, registers the given
 * connectors, then writes the ready file in one atomic step: the {@link StackEndpoints#toReadyFile()} keys plus
 * {@value #CONTROL_URL_KEY}, the {@link ControlServer} that {@link LocalStackProcess} uses.
 *
 * <p>Arguments: {@code --work-dir <dir> --ready-file <file> [--strimzi-dir <dir>] [--parent-pid <pid>]
 * [--connector <name>]... [--delete-on-exit <dir>]}. The last one names a directory to delete once the stack has
 * stopped (LocalStackProcess passes its own, so that nothing is left if the launching JVM is killed). Exits with 1 if
 * the stack does not start.
 */
public final class LocalStackMain {

    static final String CONTROL_URL_KEY = "LOCAL_STACK_CONTROL_URL";

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Arguments arguments = Arguments.parse("LocalStackMain", args,
                Set.of("work-dir", "ready-file", "strimzi-dir", "parent-pid", "connector", "delete-on-exit"));
        Path readyFile = arguments.requiredPath("ready-file");
        arguments.optionalLong("parent-pid").ifPresent(ParentWatch::exitWhenGone);
        LocalStack builder = LocalStack.builder().workDir(arguments.requiredPath("work-dir"));
        arguments.optional("strimzi-dir").map(Path::of).ifPresent(builder::strimziDir);

        RunningStack stack;
        try {
            stack = builder.start();
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        try {
            for (String connector : arguments.all("connector")) {
                stack.registerConnector(connector);
            }
        } catch (RuntimeException e) {
            stack.abort();
            fail(e);
            return;
        }
        arguments.optional("delete-on-exit").map(Path::of).ifPresent(dir -> deleteOnExit(stack, dir));
        ControlServer control = ControlServer.start(stack);
        Map<String, String> ready = stack.endpoints().toReadyFile();
        ready.put(CONTROL_URL_KEY, control.url());
        ReadyFile.write(readyFile, ready);
        System.out.println("Local stack ready: " + readyFile);
        // The stack's shutdown hook stops everything on SIGTERM, or when ParentWatch exits the JVM.
        new CountDownLatch(1).await();
    }

    private static void deleteOnExit(RunningStack stack, Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            WorkDirectory.delete(dir);
        }, "local-stack-delete-on-exit"));
    }

    private static void fail(RuntimeException e) {
        System.err.println("The local stack did not start: " + e.getMessage());
        e.printStackTrace();
        System.exit(1);
    }
}
