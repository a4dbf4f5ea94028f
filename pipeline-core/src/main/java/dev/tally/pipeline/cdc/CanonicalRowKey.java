package dev.tally.pipeline.cdc;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical text identity of a row: {@code namespace.table|col=value,col=value}, columns sorted
 * by name. The namespace is the schema, or the database where there is no schema (MySQL and
 * MariaDB, whose databases are their schemas). The separators {@code \ | = , [ ] { }}, and
 * {@code .} in the namespace and table, are escaped with a backslash, and null is written
 * {@code \N}, so different keys never give the same text.
 *
 * <p>Values carry no type tag: within one table each key column has one type. Numbers are
 * rendered so that equal values give equal text ({@code 12.50} and {@code 12.5} both {@code 12.5}).
 */
public final class CanonicalRowKey {

    private CanonicalRowKey() {
    }

    /** The identity of the row in {@code table} whose identifying columns are {@code columns}. */
    public static String of(TableId table, Map<String, ?> columns) {
        StringBuilder sb = new StringBuilder(64);
        String namespace = table.schema() != null && !table.schema().isEmpty() ? table.schema() : table.database();
        if (namespace != null && !namespace.isEmpty()) {
            escape(namespace, true, sb);
            sb.append('.');
        }
        escape(table.table(), true, sb);
        sb.append('|');
        if (columns != null) {
            appendSortedEntries(columns, sb);
        }
        return sb.toString();
    }

    private static void appendSortedEntries(Map<?, ?> map, StringBuilder sb) {
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            sorted.put(String.valueOf(e.getKey()), e.getValue());
        }
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            escape(e.getKey(), false, sb);
            sb.append('=');
            appendValue(e.getValue(), sb);
        }
    }

    private static void appendValue(Object value, StringBuilder sb) {
        switch (value) {
            case null -> sb.append("\\N");
            case BigDecimal d -> sb.append(d.stripTrailingZeros().toPlainString());
            case byte[] bytes -> escape(Base64.getEncoder().encodeToString(bytes), false, sb);
            case Map<?, ?> map -> {
                sb.append('{');
                appendSortedEntries(map, sb);
                sb.append('}');
            }
            case Collection<?> items -> {
                sb.append('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    appendValue(item, sb);
                }
                sb.append(']');
            }
            // Long, BigInteger, Double, Boolean, String, Instant (ISO-8601), LocalDate, LocalTime.
            default -> escape(value.toString(), false, sb);
        }
    }

    /** Escapes the separators; the dot only in the table part, where it separates namespace and table. */
    private static void escape(String text, boolean tablePart, StringBuilder sb) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '|', '=', ',', '[', ']', '{', '}' -> sb.append('\\').append(c);
                case '.' -> {
                    if (tablePart) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                default -> sb.append(c);
            }
        }
    }
}
