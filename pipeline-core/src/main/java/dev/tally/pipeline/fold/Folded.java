package dev.tally.pipeline.fold;

import dev.tally.pipeline.aggregate.AggregateState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What folding one aggregate's changes came to.
 *
 * @param applied        the items applied, in order
 * @param refused        the items refused, with reasons
 * @param state          the state after the applied changes (null when the committed state did not fit)
 * @param version        the version after them: the committed one plus one per applied change
 * @param previous       the results before the changes
 * @param results        the results after them
 * @param delta          for count and sum: new minus previous result
 * @param lastCommitTime the newest source commit time among the applied changes, or null
 */
public record Folded<T>(List<T> applied, List<Refusal<T>> refused, AggregateState state, long version,
                        Map<String, Object> previous, Map<String, Object> results, Map<String, Object> delta,
                        Instant lastCommitTime) {

    /** Whether a new version came out of it. */
    public boolean changed() {
        return !applied.isEmpty();
    }

    /** Every item refused: the committed state does not fit the pipeline's aggregates. */
    static <T> Folded<T> unfit(String aggregateId, long version, List<T> items, RuntimeException e) {
        String reason = "the stored state of aggregate " + aggregateId + " does not fit the pipeline's aggregates ("
                + e.getMessage() + "); were the aggregates changed without a rebuild? Rebuild the pipeline";
        return new Folded<>(List.of(), items.stream().map(item -> new Refusal<>(item, reason)).toList(), null,
                version, Map.of(), Map.of(), Map.of(), null);
    }
}
