package dev.tally.bench.streams;

import java.math.BigDecimal;

/** One order line as the Kafka Streams peer sees it: its product, quantity and unit price. */
public record Line(long product, long quantity, BigDecimal price) {

    public BigDecimal revenue() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
