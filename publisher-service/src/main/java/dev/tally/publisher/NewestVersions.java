package dev.tally.publisher;

import dev.tally.pipeline.event.AggregateUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Keeps, of the updates of one batch, only the newest version of each aggregate. */
final class NewestVersions {

    private final Map<String, AggregateUpdate> byAggregate = new HashMap<>();

    void add(AggregateUpdate update) {
        byAggregate.merge(update.aggregateId(), update, (kept, other) -> other.version() > kept.version() ? other : kept);
    }

    /** The newest updates, ordered by aggregate id, so concurrent writers lock rows in the same order. */
    List<AggregateUpdate> newest() {
        List<AggregateUpdate> updates = new ArrayList<>(byAggregate.values());
        updates.sort((a, b) -> a.aggregateId().compareTo(b.aggregateId()));
        return updates;
    }
}
