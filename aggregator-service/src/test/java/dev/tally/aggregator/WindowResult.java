package dev.tally.aggregator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;

/** The results of one product's window, as the aggregator stores them and as SQL computes them from the rows. */
record WindowResult(long product, Instant windowStart, Instant windowEnd, long lines, long units, BigDecimal revenue,
                    BigDecimal minPrice, BigDecimal maxPrice) implements Comparable<WindowResult> {

    private static final Comparator<WindowResult> ORDER = Comparator.comparingLong(WindowResult::product)
            .thenComparing(WindowResult::windowStart).thenComparing(WindowResult::windowEnd);

    @Override
    public int compareTo(WindowResult o) {
        return ORDER.compare(this, o);
    }
}
