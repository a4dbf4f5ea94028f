package dev.tally.bench.streams;

import java.math.BigDecimal;
import java.util.TreeMap;

/**
 * Sales of one product in the Kafka Streams peer: what Tally's sales-by-product pipeline computes.
 * Prices are kept with their multiplicity so min and max survive the subtractor, as in Tally.
 */
public final class Sales {

    public long lines;
    public long units;
    public BigDecimal revenue = BigDecimal.ZERO;
    public TreeMap<BigDecimal, Long> prices = new TreeMap<>();

    public Sales add(Line line) {
        lines++;
        units += line.quantity();
        revenue = revenue.add(line.revenue());
        prices.merge(line.price(), 1L, Long::sum);
        return this;
    }

    public Sales remove(Line line) {
        lines--;
        units -= line.quantity();
        revenue = revenue.subtract(line.revenue());
        prices.computeIfPresent(line.price(), (price, n) -> n == 1 ? null : n - 1);
        return this;
    }

    public BigDecimal minPrice() {
        return prices.isEmpty() ? null : prices.firstKey();
    }

    public BigDecimal maxPrice() {
        return prices.isEmpty() ? null : prices.lastKey();
    }
}
