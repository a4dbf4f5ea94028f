package dev.tally.pipeline.fold;

import dev.tally.pipeline.aggregate.AggregateDefinition;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For the aggregates that take a delta (count and sum): how much a version moved each result. */
final class ResultDelta {

    private final List<AggregateDefinition> definitions;

    ResultDelta(List<AggregateDefinition> definitions) {
        this.definitions = definitions;
    }

    /** {@code current - previous} per count and sum, a missing sum counting as zero. */
    Map<String, Object> between(Map<String, Object> previous, Map<String, Object> current) {
        Map<String, Object> delta = new LinkedHashMap<>();
        for (AggregateDefinition definition : definitions) {
            if (definition.function().acceptsDelta()) {
                delta.put(definition.name(), difference(current.get(definition.name()), previous.get(definition.name())));
            }
        }
        return delta;
    }

    static Object difference(Object a, Object b) {
        if (a == null && b == null) {
            return null;
        }
        Object sample = a != null ? a : b;
        return switch (sample) {
            case Long l -> orZero(a, 0L) - orZero(b, 0L);
            case Double d -> orZero(a, 0.0) - orZero(b, 0.0);
            case BigDecimal d -> orZero(a, BigDecimal.ZERO).subtract(orZero(b, BigDecimal.ZERO));
            default -> throw new IllegalStateException("no difference of " + sample.getClass().getSimpleName() + " values");
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T orZero(Object value, T zero) {
        return value == null ? zero : (T) value;
    }
}
