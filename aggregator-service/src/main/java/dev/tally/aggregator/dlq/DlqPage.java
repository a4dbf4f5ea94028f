package dev.tally.aggregator.dlq;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One page of a dead-letter topic's entries, ordered by partition, then offset (oldest first within a partition).
 *
 * @param items the entries of the page
 * @param page  the page number, from 0
 * @param size  the page size asked for
 * @param total how many entries the topic holds now, over all pages
 */
@RegisterForReflection
public record DlqPage(List<DlqEntry> items, int page, int size, long total) {
}
