package dev.tally.bench.streams;

import java.math.BigDecimal;
import java.util.TreeMap;

/**
 * Sales of one product in the Kafka Streams peers: what Tally's sales-by-product pipeline computes.
 * Prices are kept with their multiplicity so min and max survive retraction, as in Tally.
 */
public final class Sales {

    public long lines;
    public long units;
    public BigDecimal revenue = BigDecimal.ZERO;
    public TreeMap<BigDecimal, Long> prices = new TreeMap<>();

    public Sales add(Line line) {
        return add(line.contribution());
    }

    public Sales remove(Line line) {
        return remove(line.contribution());
    }

    /** Applies {@code after - before}. */
    public Sales apply(ContributionChange change) {
        if (change.before() != null) {
            remove(change.before());
        }
        if (change.after() != null) {
            add(change.after());
        }
        return this;
    }

    private Sales add(Contribution contribution) {
        lines += contribution.lines();
        units += contribution.units();
        revenue = revenue.add(contribution.revenue());
        prices.merge(contribution.price(), 1L, Long::sum);
        return this;
    }

    private Sales remove(Contribution contribution) {
        lines -= contribution.lines();
        units -= contribution.units();
        revenue = revenue.subtract(contribution.revenue());
        prices.computeIfPresent(contribution.price(), (price, n) -> n == 1 ? null : n - 1);
        return this;
    }

    public BigDecimal minPrice() {
        return prices.isEmpty() ? null : prices.firstKey();
    }

    public BigDecimal maxPrice() {
        return prices.isEmpty() ? null : prices.lastKey();
    }
}
