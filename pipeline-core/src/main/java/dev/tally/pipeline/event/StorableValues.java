package dev.tally.pipeline.event;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a change may carry so that the store and the sinks can hold it. PostgreSQL refuses U+0000 (NUL) in
 * {@code text} and {@code jsonb}, so a group key or aggregate input holding it could never be written: the batch
 * holding it would fail on every try. And the group key is indexed, in the store and in every SQL sink (a b-tree
 * entry holds at most about 2.7 KB in PostgreSQL, 3 KB in InnoDB), so its JSON form is bounded too. A change that
 * breaks either rule goes to the dead-letter topic with the reason; the pipeline goes on.
 */
public final class StorableValues {

    /** The most UTF-8 bytes a group key may take in its JSON form ({@link GroupKey#encoded()}). */
    public static final int MAX_GROUP_KEY_BYTES = 1024;

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
            if (hasNul(values.get(i))) {
                return Optional.of("group key field '" + (i < keyFields.size() ? keyFields.get(i) : "#" + i)
                        + "' holds U+0000 (NUL), which PostgreSQL cannot store in text or jsonb");
            }
        }
        if (contribution != null) {
            for (Map.Entry<String, Object> input : contribution.entrySet()) {
                if (hasNul(input.getValue())) {
                    return Optional.of("the input of aggregate '" + input.getKey()
                            + "' holds U+0000 (NUL), which PostgreSQL cannot store in text or jsonb");
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

    private static boolean hasNul(Object value) {
        return value instanceof String text && text.indexOf('\u0000') >= 0;
    }
}
