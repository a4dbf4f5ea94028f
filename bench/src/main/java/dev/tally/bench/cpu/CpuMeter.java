package dev.tally.bench.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CPU of a set of named processes (each with its descendants) between two instants:
 * {@code Snapshot start = meter.snapshot(); ...; CpuUsage used = meter.since(start);}.
 * A process asked for by a supplier is looked up at each snapshot, so one that was restarted in
 * between is reported as unknown rather than as a wrong figure; one that did not exist yet at the
 * first snapshot (its supplier had no PID) was born in the window and counts whole.
 */
public final class CpuMeter {

    private final Map<String, LongSupplier> processes;

    /** @param processes name → PID of each process tree to account, in report order */
    private static final long NOT_STARTED = -1;

    public CpuMeter(Map<String, LongSupplier> processes) {
        this.processes = new LinkedHashMap<>(processes);
    }

    /** A meter for these processes and the ones given. */
    public CpuMeter with(String name, LongSupplier pid) {
        CpuMeter more = new CpuMeter(processes);
        more.processes.put(name, pid);
        return more;
    }

    /** The CPU each process tree has used so far, and when this was read. */
    public record Snapshot(long nanoTime, Map<String, Long> pids, Map<String, Double> seconds) {
    }

    public Snapshot snapshot() {
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        processes.forEach((name, pid) -> {
            long id = pidOrNone(pid);
            pids.put(name, id);
            seconds.put(name, id == NOT_STARTED ? 0 : ProcessTreeCpu.seconds(id));
        });
        return new Snapshot(System.nanoTime(), pids, seconds);
    }

    /** The CPU used by each process tree since {@code start}. */
    public CpuUsage since(Snapshot start) {
        return between(start, snapshot());
    }

    /** A process launched later has no PID yet: its supplier fails or gives none. */
    private static long pidOrNone(LongSupplier pid) {
        try {
            long id = pid.getAsLong();
            return id > 0 ? id : NOT_STARTED;
        } catch (RuntimeException e) {
            return NOT_STARTED;
        }
    }

    public static CpuUsage between(Snapshot start, Snapshot end) {
        Map<String, Double> used = new LinkedHashMap<>();
        start.seconds().forEach((name, before) -> {
            Double after = end.seconds().get(name);
            boolean same = start.pids().get(name).equals(end.pids().get(name)) || start.pids().get(name) == NOT_STARTED;
            used.put(name, same && before >= 0 && after != null && after >= 0 ? after - before : Double.NaN);
        });
        return new CpuUsage(used, (end.nanoTime() - start.nanoTime()) / 1e9);
    }
}
