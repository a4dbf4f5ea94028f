package dev.tally.pipeline.event;

import dev.tally.pipeline.window.Window;
import java.time.Instant;
import java.util.Map;

/**
 * A new version of one aggregate, as the aggregator writes it to the outbox and the outbox
 * connector publishes it on {@code tally.<pipeline>.aggregates}, keyed by {@code aggregateId}.
 *
 * @param pipeline    the pipeline
 * @param type        what happened (see {@link Type})
 * @param aggregateId the group key, and the window when there is one (see {@link AggregateIds})
 * @param key         the group key values
 * @param window      the window, or null
 * @param version     grows by one per change applied to this aggregate, never reused
 * @param rows        source rows contributing now; 0 means the group is empty
 * @param aggregates  the aggregate results, in declaration order
 * @param delta       for count and sum: new minus previous value
 * @param cause       the changes that led here
 * @param updatedAt   when the aggregator committed this version
 */
public record AggregateUpdate(
        String pipeline,
        Type type,
        String aggregateId,
        GroupKey key,
        Window window,
        long version,
        long rows,
        Map<String, Object> aggregates,
        Map<String, Object> delta,
        Cause cause,
        Instant updatedAt) {

    /** What produced a version. */
    public enum Type {
        /** Source changes were applied. */
        UPDATED,
        /** An operator's compensation was applied. */
        COMPENSATED,
        /** The window closed: this version is final. */
        WINDOW_CLOSED;

        /** The outbox message's {@code type} and the Kafka {@code eventType} header. */
        public String eventType() {
            return switch (this) {
                case UPDATED -> "AggregateUpdated";
                case COMPENSATED -> "Compensated";
                case WINDOW_CLOSED -> "WindowClosed";
            };
        }

        public static Type fromEventType(String eventType) {
            for (Type type : values()) {
                if (type.eventType().equals(eventType)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown aggregate event type '" + eventType + "'");
        }
    }

    /**
     * The changes coalesced into one version.
     *
     * @param changes        how many changes were applied (the version grew by this much)
     * @param lastEventId    the id of the last of them
     * @param lastCommitTime the source commit time of the newest of them (null if unknown)
     */
    public record Cause(int changes, String lastEventId, Instant lastCommitTime) {
    }

    public boolean isEmpty() {
        return rows == 0;
    }
}
