package dev.tally.pipeline.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * UTC timestamps in the form Debezium and {@link Instant#toString()} write them, read by hand: they come with nearly
 * every change.
 */
public final class UtcTimestamps {

    private UtcTimestamps() {
    }

    /** {@link Instant#parse}, without java.time's parser for the form {@link Instant#toString()} writes. */
    public static Instant parse(String s) {
        Instant fast = s.length() > 10 && s.charAt(10) == 'T' ? parseUtc(s) : null;
        return fast != null ? fast : Instant.parse(s);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} (or a space for the T), the form Debezium sends {@code timestamptz} in,
     * read by hand: it comes with nearly every change. Null for any other form.
     */
    public static Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != ' ') || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            int digits = n - 21;
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - digits];
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The decimal digits of {@code s[from, to)} as a number; -1 when one is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
