package dev.tally.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process checks for tests. */
final class Processes {

    private Processes() {
    }

    /**
     * Whether {@code pid} is a running process. A zombie (exited, not yet reaped by its new parent) counts as gone:
     * the postmaster is not our child, so its exit status is collected by init whenever init gets to it.
     */
    static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        try {
            String content = Files.readString(stat);
            char state = content.charAt(content.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
