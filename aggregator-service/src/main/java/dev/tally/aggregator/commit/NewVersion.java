package dev.tally.aggregator.commit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.store.AggregateValues;
import dev.tally.pipeline.event.AggregateUpdate;
import java.util.List;

/**
 * A new version of one aggregate, ready to commit: what goes out through the outbox, and what its row keeps.
 *
 * @param update    the version as published (results, delta, cause, time)
 * @param state     the accumulator state at this version ({@code AggregateState.toState()})
 * @param values    what it writes of the values of its mins and maxes ({@link AggregateValues.Write})
 * @param partition the partition of the changes topic the aggregate lives on (windowed pipelines); null when
 *                  unknown or not needed: the row keeps what it had
 */
public record NewVersion(AggregateUpdate update, JsonNode state, AggregateValues.Write values, Integer partition) {

    public String aggregateId() {
        return update.aggregateId();
    }

    public long version() {
        return update.version();
    }
}
