package dev.tally.pipeline.aggregate;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact running total of longs in 128-bit two's complement, so that sums pass through values
 * beyond the long range without wrapping and without allocating: whether a total fits a long
 * depends only on the values it holds, never on the order they came and went in.
 */
final class LongTotal {

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private long hi;
    private long lo;

    void add(long v) {
        long sum = lo + v;
        hi += (v >> 63) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
        lo = sum;
    }

    void subtract(long v) {
        long difference = lo - v;
        hi -= (v >> 63) + (Long.compareUnsigned(lo, v) < 0 ? 1 : 0);
        lo = difference;
    }

    boolean fitsInLong() {
        return hi == (lo >> 63);
    }

    /** The total as a long. */
    long longValueExact() {
        if (!fitsInLong()) {
            throw new ArithmeticException("sum " + this + " is outside the range of a long");
        }
        return lo;
    }

    boolean isZero() {
        return hi == 0 && lo == 0;
    }

    BigInteger toBigInteger() {
        BigInteger low = BigInteger.valueOf(lo);
        if (lo < 0) {
            low = low.add(TWO_TO_64);
        }
        return BigInteger.valueOf(hi).shiftLeft(64).add(low);
    }

    BigDecimal toBigDecimal() {
        return fitsInLong() ? BigDecimal.valueOf(lo) : new BigDecimal(toBigInteger());
    }

    static LongTotal of(BigInteger value) {
        if (value.bitLength() > 127) {
            throw new IllegalArgumentException("total " + value + " does not fit in 128 bits");
        }
        LongTotal total = new LongTotal();
        total.lo = value.longValue();
        total.hi = value.shiftRight(64).longValue();
        return total;
    }

    @Override
    public String toString() {
        return fitsInLong() ? Long.toString(lo) : toBigInteger().toString();
    }
}
