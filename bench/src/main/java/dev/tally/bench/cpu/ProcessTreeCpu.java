package dev.tally.bench.cpu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU time Linux has charged to a process and all its descendants, from {@code /proc/<pid>/stat}:
 * user + system time of each live process in the tree, plus the time of children already reaped
 * (PostgreSQL's backends come and go; their time then moves into the postmaster's cutime/cstime).
 */
public final class ProcessTreeCpu {

    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessTreeCpu() {
    }

    /** Seconds of CPU of {@code root} and its descendants so far, or -1 when {@code root} is gone. */
    public static double seconds(long root) {
        Map<Long, Stat> all = readAll();
        if (!all.containsKey(root)) {
            return -1;
        }
        Map<Long, List<Long>> children = new HashMap<>();
        all.forEach((pid, stat) -> children.computeIfAbsent(stat.parent(), p -> new ArrayList<>()).add(pid));
        long ticks = 0;
        List<Long> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.remove(todo.size() - 1);
            ticks += all.get(pid).ticks();
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return (double) ticks / TICKS_PER_SECOND;
    }

    /** The clock ticks per second of {@code /proc}'s times ({@code getconf CLK_TCK}); 100 on every common kernel. */
    public static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** One process's parent, own ticks (utime + stime) and its reaped children's (cutime + cstime). */
    record Stat(long parent, long own, long reaped) {

        long ticks() {
            return own + reaped;
        }
    }

    /** Every process's {@link Stat}, by PID. */
    static Map<Long, Stat> readAll() {
        Map<Long, Stat> all = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path dir : proc) {
                Stat stat = read(dir.resolve("stat"));
                if (stat != null) {
                    all.put(Long.parseLong(dir.getFileName().toString()), stat);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return all;
    }

    /** Fields after the command, which is in parentheses and may hold spaces: state ppid ... utime(14) stime cutime cstime. */
    private static Stat read(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new Stat(Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
        } catch (IOException | RuntimeException e) {
            return null; // the process ended while /proc was read
        }
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
