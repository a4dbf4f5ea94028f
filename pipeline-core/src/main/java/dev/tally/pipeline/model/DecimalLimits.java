package dev.tally.pipeline.model;

import java.math.BigDecimal;

/** The largest decimals Tally takes: beyond them a value's plain text (in keys, in sinks) would be huge. */
public final class DecimalLimits {

    /** At most this many digits, with an exponent within plus or minus this (think of 1e999999999). */
    public static final int MAX_DIGITS = 1000;

    private DecimalLimits() {
    }

    public static boolean fits(BigDecimal value) {
        // Not Math.abs: the absolute value of Integer.MIN_VALUE is negative.
        return value.scale() >= -MAX_DIGITS && value.scale() <= MAX_DIGITS && value.precision() <= MAX_DIGITS;
    }

    /** Why {@code value} is refused, for messages. */
    public static String outOfRange(BigDecimal value) {
        return "the number " + value + " is out of range (at most " + MAX_DIGITS + " digits, exponent within ±"
                + MAX_DIGITS + ")";
    }
}
