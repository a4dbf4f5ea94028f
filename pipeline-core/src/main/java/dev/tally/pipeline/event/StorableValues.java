package dev.tally.pipeline.event;

import dev.tally.pipeline.window.Window;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a change may carry so that the store and the sinks can hold it. PostgreSQL refuses U+0000 (NUL) in
 * {@code text} and {@code jsonb}, so a group key or aggregate input holding it could never be written: the batch
 * holding it would fail on every try. And the group key is indexed, in the store and in every SQL sink (a b-tree
 * entry holds at most about 2.7 KB in PostgreSQL, 3 KB in InnoDB), so its JSON form is bounded too. A change that
 * breaks either rule goes to the dead-letter topic with the reason; the pipeline goes on. Timestamps and dates
 * are kept to the years 1 to 9999, which every SQL sink and ISO-8601 text hold (PostgreSQL refuses
 * {@code +200000-01-01T00:00:00Z} as a parameter).
 */
public final class StorableValues {

    /** The most UTF-8 bytes a group key may take in its JSON form ({@link GroupKey#encoded()}). */
    public static final int MAX_GROUP_KEY_BYTES = 1024;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private StorableValues() {
    }

    /**
     * @param keyFields    the pipeline's {@code groupBy} fields, in order
     * @param key          the change's group key
     * @param contribution the aggregate inputs of one side of the change, by aggregate; null when it has none
     * @return what makes them unstorable, or empty
     */
    public static Optional<String> problem(List<String> keyFields, GroupKey key, Map<String, Object> contribution) {
        List<Object> values = key.values();
        for (int i = 0; i < values.size(); i++) {
            Optional<String> problem = valueProblem("group key field '"
                    + (i < keyFields.size() ? keyFields.get(i) : "#" + i) + "'", values.get(i));
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (contribution != null) {
            for (Map.Entry<String, Object> input : contribution.entrySet()) {
                Optional<String> problem = valueProblem("the input of aggregate '" + input.getKey() + "'",
                        input.getValue());
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        String encoded = key.encoded();
        // A character takes one to three UTF-8 bytes (a surrogate pair four, for two characters).
        int bytes = encoded.length() * 3 <= MAX_GROUP_KEY_BYTES ? encoded.length()
                : encoded.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_GROUP_KEY_BYTES) {
            return Optional.of("the group key takes " + bytes + " bytes as JSON, more than the " + MAX_GROUP_KEY_BYTES
                    + " a group key may take (the store and the SQL sinks index it)");
        }
        return Optional.empty();
    }

    /**
     * Everything of a change event the store keeps: its key, both sides' inputs, its event time and its window.
     *
     * @param keyFields the pipeline's {@code groupBy} fields, in order
     * @return what makes it unstorable, or empty
     */
    public static Optional<String> problem(List<String> keyFields, ChangeEvent event) {
        return problem(keyFields, event.key(), event.before())
                .or(() -> problem(keyFields, event.key(), event.after()))
                .or(() -> event.eventTime() == null ? Optional.empty() : timeProblem("its event time", event.eventTime()))
                .or(() -> event.window() == null ? Optional.empty() : windowProblem(event.window()));
    }

    /** @return why one of the window's bounds cannot be stored, or empty */
    public static Optional<String> windowProblem(Window window) {
        return timeProblem("its window's start", window.start()).or(() -> timeProblem("its window's end", window.end()));
    }

    /**
     * @param what what holds the time, for the reason ("event time field 'read_at'")
     * @return why the time cannot be stored, or empty
     */
    public static Optional<String> timeProblem(String what, Instant time) {
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            return Optional.of(what + " is " + time + ", outside the years 1 to 9999 that SQL sinks and ISO-8601 "
                    + "text hold");
        }
        return Optional.empty();
    }

    private static Optional<String> valueProblem(String what, Object value) {
        return switch (value) {
            case String text when text.indexOf('\u0000') >= 0 ->
                    Optional.of(what + " holds U+0000 (NUL), which PostgreSQL cannot store in text or jsonb");
            case Instant time -> timeProblem(what, time);
            case LocalDate date when date.getYear() < 1 || date.getYear() > 9999 -> Optional.of(what + " is " + date
                    + ", outside the years 1 to 9999 that SQL sinks and ISO-8601 text hold");
            case null, default -> Optional.empty();
        };
    }
}
