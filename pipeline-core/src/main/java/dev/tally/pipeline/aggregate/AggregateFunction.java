package dev.tally.pipeline.aggregate;

import java.util.Locale;
import java.util.Optional;

/** The aggregate functions a pipeline can declare. */
public enum AggregateFunction {
    /** {@code count()} counts rows; {@code count(expr)} counts rows where expr is not null. */
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX,
    /** The value of the row changed last, by source position. */
    LATEST;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the function needs an argument: all but count. */
    public boolean requiresArgument() {
        return this != COUNT;
    }

    /** Whether a compensation may adjust its value by a delta (count, sum); min, max, avg and latest may not. */
    public boolean acceptsDelta() {
        return this == COUNT || this == SUM;
    }

    public static Optional<AggregateFunction> fromYamlName(String name) {
        for (AggregateFunction f : values()) {
            if (f.yamlName().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
