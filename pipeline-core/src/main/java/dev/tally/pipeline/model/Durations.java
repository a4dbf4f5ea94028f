package dev.tally.pipeline.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Tally writes them everywhere: 500ms, 30s, 10m, 1h, 7d. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** The longest duration in whole days whose milliseconds a long holds (about 292 million years). */
    public static final long MAX_DAYS = Long.MAX_VALUE / 86_400_000L;

    private Durations() {
    }

    /**
     * The duration {@code text} stands for, or empty when it is not one or is longer than {@link #MAX_DAYS} days:
     * Tally counts durations in milliseconds, in a long.
     */
    public static Optional<Duration> parse(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long amount = Long.parseLong(m.group(1));
            Duration duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            duration.toMillis(); // throws when its milliseconds overflow a long
            return Optional.of(duration);
        } catch (NumberFormatException | ArithmeticException tooLong) {
            return Optional.empty();
        }
    }

    /** The shortest text {@link #parse} reads back as {@code duration}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long s = millis / 1000;
        if (s == 0) {
            return "0s";
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
