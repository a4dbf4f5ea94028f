package dev.tally.bench.streams;

import java.math.BigDecimal;

/**
 * What one order line adds to its product's sales: one line, its units, its revenue and its price
 * (for min and max).
 */
public record Contribution(long lines, long units, BigDecimal revenue, BigDecimal price) {
}
