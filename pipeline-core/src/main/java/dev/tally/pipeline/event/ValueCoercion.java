package dev.tally.pipeline.event;

import dev.tally.pipeline.model.DecimalLimits;
import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Turns decoded column values (as the JSON converter delivers them, with or without schemas)
 * into the Java type of the column's declared {@link ValueType}.
 */
public final class ValueCoercion {

    /** Schemaless numeric timestamps at or above this are microseconds, below it milliseconds. */
    private static final long MICROS_THRESHOLD = 100_000_000_000_000L;

    private ValueCoercion() {
    }

    /**
     * Coerces {@code value} (null stays null).
     *
     * @throws IllegalArgumentException naming the value and the type when it does not fit
     */
    public static Object coerce(Object value, ValueType type) {
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
                case TIMESTAMP -> toInstant(value);
                case DATE -> toDate(value);
            };
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
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

    private static Instant toInstant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            case Number n -> fromEpochNumber(toLong(n));
            case String s -> parseInstant(s.trim());
            default -> throw mismatch(value, ValueType.TIMESTAMP);
        };
    }

    /** Debezium sends {@code timestamp} columns as epoch micros and {@code datetime(3)} as epoch millis. */
    private static Instant fromEpochNumber(long n) {
        if (Math.abs(n) >= MICROS_THRESHOLD) {
            return Instant.EPOCH.plusNanos(Math.multiplyExact(n, 1_000L));
        }
        return Instant.ofEpochMilli(n);
    }

    private static Instant parseInstant(String s) {
        Instant utc = parseUtc(s);
        if (utc != null) {
            return utc;
        }
        if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d(:?\\d\\d)?$")) {
            return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
        }
        return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} (or a space for the T), the form Debezium sends {@code timestamptz} in,
     * read by hand: it comes with nearly every change. Null for any other form.
     */
    static Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != ' ') || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            int digits = n - 21;
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - digits];
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The decimal digits of {@code s[from, to)} as a number; -1 when one is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "...";
        }
        return new IllegalArgumentException(shown + " (" + value.getClass().getSimpleName() + ") is not a "
                + type.yamlName());
    }
}
