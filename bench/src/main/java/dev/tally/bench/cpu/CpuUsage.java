package dev.tally.bench.cpu;

import java.util.Map;

/**
 * CPU seconds each named process tree used over a window of {@code wallSeconds}; NaN for a process
 * that ended or was restarted within it.
 */
public record CpuUsage(Map<String, Double> seconds, double wallSeconds) {

    public CpuUsage {
        seconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(seconds));
    }

    /** CPU seconds of {@code process}, 0 when it was not measured. */
    public double of(String process) {
        return seconds.getOrDefault(process, 0.0);
    }

    /** CPU microseconds of {@code process} per one of {@code events}. */
    public double microsPerEvent(String process, long events) {
        return of(process) * 1e6 / events;
    }

    /** CPU seconds of all processes but those named. */
    public double totalWithout(String... excluded) {
        double total = 0;
        for (Map.Entry<String, Double> entry : seconds.entrySet()) {
            if (!java.util.List.of(excluded).contains(entry.getKey())) {
                total += entry.getValue();
            }
        }
        return total;
    }
}
