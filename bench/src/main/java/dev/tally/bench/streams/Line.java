package dev.tally.bench.streams;

import java.math.BigDecimal;

/** One order line as the raw-topic Kafka Streams peer sees it: its product, quantity and unit price. */
public record Line(long product, long quantity, BigDecimal price) {

    public Contribution contribution() {
        return new Contribution(1, quantity, price.multiply(BigDecimal.valueOf(quantity)), price);
    }
}
