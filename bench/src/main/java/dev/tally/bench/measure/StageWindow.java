package dev.tally.bench.measure;

import dev.tally.bench.cpu.CpuUsage;

/**
 * A stage's steady state: {@code events} committed between the first progress seen and the end,
 * over {@code cpu.wallSeconds()}, with the CPU each process used meanwhile.
 *
 * @param startupSeconds  from the stage's launch (a JVM's start, a connector's resume) to its first progress
 * @param includesStartup the stage committed everything at once: the window runs from its launch
 */
public record StageWindow(String stage, long events, double startupSeconds, CpuUsage cpu, boolean includesStartup) {

    public double seconds() {
        return cpu.wallSeconds();
    }

    /** Events per second in the window. */
    public double rate() {
        return events / seconds();
    }

    /** CPU microseconds of {@code process} per event in the window. */
    public double microsPerEvent(String process) {
        return cpu.microsPerEvent(process, events);
    }

    /** CPU microseconds per event of every process measured. */
    public double totalMicrosPerEvent() {
        return cpu.totalWithout() * 1e6 / events;
    }
}
