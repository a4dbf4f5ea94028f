package dev.tally.pipeline.aggregate;

import dev.tally.pipeline.model.ValueType;
import java.util.Comparator;

/** The order min, max and latest compare values in: numeric for numbers, natural for the rest. */
final class ValueOrder {

    // BigDecimal's natural order is already numeric (2.5 equals 2.50); doubles need -0.0 == 0.0.
    private static final Comparator<Object> NATURAL = ValueOrder::compareNatural;
    private static final Comparator<Object> DOUBLES = ValueOrder::compareDoubles;

    private ValueOrder() {
    }

    static Comparator<Object> of(ValueType type) {
        return type == ValueType.DOUBLE ? DOUBLES : NATURAL;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareNatural(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static int compareDoubles(Object a, Object b) {
        double x = (Double) a;
        double y = (Double) b;
        // Numeric equality first so that -0.0 and 0.0 are one value; Double.compare orders NaN last.
        return x == y ? 0 : Double.compare(x, y);
    }
}
