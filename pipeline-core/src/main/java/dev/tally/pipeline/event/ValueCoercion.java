package dev.tally.pipeline.event;

import dev.tally.pipeline.model.DecimalLimits;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Turns decoded column values (as the JSON converter delivers them, with or without schemas)
 * into the Java type of the column's declared {@link ValueType}.
 */
public final class ValueCoercion {

    private ValueCoercion() {
    }

    /**
     * Coerces {@code value} (null stays null).
     *
     * @param epochUnit the unit of a timestamp that arrives as a number, or null when the source's unit is not known:
     *                  such a number is then refused, since its size cannot tell milliseconds from microseconds
     * @throws IllegalArgumentException naming the value and the type when it does not fit
     */
    public static Object coerce(Object value, ValueType type, EpochUnit epochUnit) {
        if (value == null) {
            return null;
        }
        try {
            return switch (type) {
                case LONG -> toLong(value);
                case DOUBLE -> toDouble(value);
                case DECIMAL -> toDecimal(value);
                case STRING -> value instanceof String s ? s : scalarText(value);
                case BOOLEAN -> toBoolean(value);
                case TIMESTAMP -> toInstant(value, epochUnit);
                case DATE -> toDate(value);
            };
        } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
            // DateTimeException: unparseable text, or a day count outside the dates java.time holds.
            throw mismatch(value, type);
        }
    }

    private static Long toLong(Object value) {
        return switch (value) {
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger b -> b.longValueExact();
            case BigDecimal d -> d.longValueExact();
            case String s -> Long.parseLong(s.trim());
            default -> throw mismatch(value, ValueType.LONG);
        };
    }

    private static Double toDouble(Object value) {
        return switch (value) {
            case Double d -> d;
            case Number n -> n.doubleValue();
            case String s -> Double.parseDouble(s.trim());
            default -> throw mismatch(value, ValueType.DOUBLE);
        };
    }

    private static BigDecimal toDecimal(Object value) {
        BigDecimal decimal = switch (value) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case BigInteger b -> new BigDecimal(b);
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> new BigDecimal(f.toString());
            case String s -> new BigDecimal(s.trim());
            default -> throw mismatch(value, ValueType.DECIMAL);
        };
        if (!DecimalLimits.fits(decimal)) {
            throw new IllegalArgumentException(DecimalLimits.outOfRange(decimal));
        }
        return decimal;
    }

    private static Boolean toBoolean(Object value) {
        return switch (value) {
            case Boolean b -> b;
            case Number n when n.longValue() == 0 || n.longValue() == 1 -> n.longValue() == 1;
            case String s when s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") -> Boolean.valueOf(s);
            default -> throw mismatch(value, ValueType.BOOLEAN);
        };
    }

    private static Instant toInstant(Object value, EpochUnit epochUnit) {
        return switch (value) {
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            case Number n when epochUnit != null -> epochUnit.instant(toLong(n));
            case Number n -> throw new IllegalArgumentException(shown(value) + " is a number, and the unit of this "
                    + "source's timestamp numbers is not known (Debezium writes milliseconds, microseconds or "
                    + "nanoseconds by the column's precision, and says which only in the record's schema): give the "
                    + "connector value.converter.schemas.enable: true, or time.precision.mode: connect (milliseconds)");
            case String s -> parseInstant(s.trim());
            default -> throw mismatch(value, ValueType.TIMESTAMP);
        };
    }

    private static Instant parseInstant(String s) {
        Instant utc = UtcTimestamps.parseUtc(s);
        if (utc != null) {
            return utc;
        }
        if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d(:?\\d\\d)?$")) {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        }
        return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    private static LocalDate toDate(Object value) {
        return switch (value) {
            case LocalDate d -> d;
            case Number n -> LocalDate.ofEpochDay(toLong(n));
            case String s -> LocalDate.parse(s.trim());
            default -> throw mismatch(value, ValueType.DATE);
        };
    }

    private static String scalarText(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof java.util.Map || value instanceof java.util.List || value instanceof byte[]) {
            throw mismatch(value, ValueType.STRING);
        }
        return value.toString();
    }

    private static IllegalArgumentException mismatch(Object value, ValueType type) {
        return new IllegalArgumentException(shown(value) + " is not a " + type.yamlName());
    }

    /** The value and its Java type, shortened, for reasons: {@code '12.5x' (String)}. */
    private static String shown(Object value) {
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "...";
        }
        return shown + " (" + value.getClass().getSimpleName() + ")";
    }
}
