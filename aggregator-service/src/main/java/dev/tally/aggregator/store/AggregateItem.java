package dev.tally.aggregator.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * One aggregate as the read API shows it.
 *
 * @param aggregateId the aggregate id (the Kafka key on the aggregates topic)
 * @param key         the group key fields
 * @param window      {@code {start, end, closed}}, absent without windows
 * @param version     grows by one per applied change
 * @param rows        source rows contributing now; 0 for an emptied group
 * @param aggregates  the results by name (decimals as strings)
 * @param updatedAt   when the current version was committed
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AggregateItem(String aggregateId, JsonNode key, WindowBounds window, long version, long rows,
                            JsonNode aggregates, Instant updatedAt) {

    /** A window's bounds, start inclusive, end exclusive, and whether the watermark has closed it (this version is final). */
    @RegisterForReflection
    public record WindowBounds(Instant start, Instant end, boolean closed) {
    }
}
