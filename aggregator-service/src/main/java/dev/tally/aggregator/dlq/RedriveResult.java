package dev.tally.aggregator.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a re-drive did.
 *
 * @param redriven the entries republished, in the order sent
 * @param skipped  the entries left alone, each with the reason
 * @param more     for {@code "all"}: whether entries not re-driven yet are left beyond
 *                 {@code tally.aggregator.dlq.max-redrive} (ask again)
 */
@RegisterForReflection
public record RedriveResult(List<Redriven> redriven, List<Skipped> skipped, boolean more) {

    /**
     * An entry republished.
     *
     * @param partition       the entry's partition in the dead-letter topic
     * @param offset          its offset there
     * @param stage           the stage it goes back to
     * @param sink            the sink that gave up on it (publish stage only)
     * @param targetTopic     where it was republished
     * @param targetPartition its partition there; null for a publish dead letter, which goes out through the outbox
     * @param targetOffset    its offset there; null for a publish dead letter
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Redriven(int partition, long offset, String stage, String sink, String targetTopic,
                           Integer targetPartition, Long targetOffset) {
    }

    /**
     * An entry left alone.
     *
     * @param partition the entry's partition in the dead-letter topic
     * @param offset    its offset there
     * @param reason    why
     */
    @RegisterForReflection
    public record Skipped(int partition, long offset, String reason) {
    }
}
