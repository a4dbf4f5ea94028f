package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.ValueType;
import java.util.Objects;

/**
 * Creates and restores accumulators.
 *
 * <p>Which inputs each function takes, and what it returns:
 * <ul>
 *   <li>count: any input type (or none, for {@code count()}); Long, 0 when empty.
 *   <li>sum: long → Long (exact; a result outside the long range throws {@link ArithmeticException}
 *       from {@link Accumulator#result()}); decimal, double → exact BigDecimal. Null when empty.
 *   <li>avg: long, decimal, double → BigDecimal rounded to {@link java.math.MathContext#DECIMAL64}; null when empty.
 *   <li>min, max, latest: any declared type; a value of the input type, null when empty.
 * </ul>
 */
public final class Accumulators {

    private Accumulators() {
    }

    /** Whether {@code function} can take inputs of {@code inputType} (null only for {@code count()}). */
    public static boolean supports(AggregateFunction function, ValueType inputType) {
        return unsupportedReason(function, inputType) == null;
    }

    /** The type of the results of {@code function} over inputs of {@code inputType}. */
    public static ValueType resultType(AggregateFunction function, ValueType inputType) {
        requireSupported(function, inputType);
        return switch (function) {
            case COUNT -> ValueType.LONG;
            case SUM -> inputType == ValueType.LONG ? ValueType.LONG : ValueType.DECIMAL;
            case AVG -> ValueType.DECIMAL;
            case MIN, MAX, LATEST -> inputType;
        };
    }

    public static Accumulator create(AggregateFunction function, ValueType inputType) {
        requireSupported(function, inputType);
        String label = Inputs.label(function, inputType);
        return switch (function) {
            case COUNT -> new CountAccumulator();
            case SUM -> newSum(label, inputType);
            case AVG -> new AvgAccumulator(newSum(label, inputType));
            case MIN -> new MinAccumulator(label, inputType);
            case MAX -> new MaxAccumulator(label, inputType);
            case LATEST -> new LatestAccumulator(label, inputType);
        };
    }

    /**
     * Turns a state from {@link Accumulator#toState()} back into an accumulator that behaves as the
     * original did; {@code function} and {@code inputType} must be the ones it was created with.
     *
     * @throws IllegalArgumentException if the state does not have the shape that function persists
     */
    public static Accumulator restore(AggregateFunction function, ValueType inputType, JsonNode state) {
        requireSupported(function, inputType);
        String label = Inputs.label(function, inputType);
        return switch (function) {
            case COUNT -> CountAccumulator.restore(state);
            case SUM -> restoreSum(label, inputType, state);
            case AVG -> new AvgAccumulator(restoreSum(label, inputType, state));
            case MIN -> MinAccumulator.restore(label, inputType, state);
            case MAX -> MaxAccumulator.restore(label, inputType, state);
            case LATEST -> LatestAccumulator.restore(label, inputType, state);
        };
    }

    static void requireSupported(AggregateFunction function, ValueType inputType) {
        String reason = unsupportedReason(function, inputType);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
    }

    private static String unsupportedReason(AggregateFunction function, ValueType inputType) {
        Objects.requireNonNull(function, "function");
        if (function == AggregateFunction.COUNT) {
            return null;
        }
        if (inputType == null) {
            return function.yamlName() + " needs the type of its argument";
        }
        if ((function == AggregateFunction.SUM || function == AggregateFunction.AVG) && !inputType.isNumeric()) {
            return function.yamlName() + " needs a numeric argument (long, double, decimal), not " + inputType.yamlName();
        }
        return null;
    }

    private static SumAccumulator newSum(String label, ValueType inputType) {
        return inputType == ValueType.LONG ? new LongSumAccumulator(label) : new DecimalSumAccumulator(label, inputType);
    }

    private static SumAccumulator restoreSum(String label, ValueType inputType, JsonNode state) {
        return inputType == ValueType.LONG
                ? LongSumAccumulator.restore(label, state)
                : DecimalSumAccumulator.restore(label, inputType, state);
    }
}
