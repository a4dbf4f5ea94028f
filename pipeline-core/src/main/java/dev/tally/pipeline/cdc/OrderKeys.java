package dev.tally.pipeline.cdc;

import java.math.BigInteger;

/** Fixed-width renderings of numbers, so that lexical order of order keys is numeric order. */
final class OrderKeys {

    private OrderKeys() {
    }

    /** An unsigned 64-bit value as 16 lower-case hex digits. */
    static String hex16(long value) {
        return leftPad(Long.toHexString(value), 16);
    }

    /** A non-negative value as decimal digits, zero-padded to {@code width}. */
    static String decimal(long value, int width) {
        return leftPad(Long.toString(value), width);
    }

    /** A non-negative value as decimal digits, zero-padded to {@code width}. */
    static String decimal(BigInteger value, int width) {
        return leftPad(value.toString(), width);
    }

    static String leftPad(String digits, int width) {
        if (digits.length() >= width) {
            return digits;
        }
        StringBuilder sb = new StringBuilder(width);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }
}
