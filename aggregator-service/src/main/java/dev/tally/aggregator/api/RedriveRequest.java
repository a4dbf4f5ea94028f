package dev.tally.aggregator.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What to re-drive: {@code {"all": true}} (every entry not re-driven yet) or {@code {"entries": [{"partition": 0,
 * "offset": 12}, ...]}} (these entries, even when re-driven before).
 *
 * @param all     re-drive every entry not re-driven yet
 * @param entries the entries to re-drive, by their coordinates in the dead-letter topic
 */
@RegisterForReflection
public record RedriveRequest(Boolean all, List<Entry> entries) {

    /** An entry of the dead-letter topic. */
    @RegisterForReflection
    public record Entry(Integer partition, Long offset) {
    }
}
