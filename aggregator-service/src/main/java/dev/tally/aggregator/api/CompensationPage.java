package dev.tally.aggregator.api;

import dev.tally.aggregator.store.CompensationRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One page of a pipeline's compensations, newest first.
 *
 * @param items the compensations of the page
 * @param page  the page number, from 0
 * @param size  the page size asked for
 * @param total how many compensations the pipeline has
 */
@RegisterForReflection
public record CompensationPage(List<CompensationRecord> items, int page, int size, long total) {
}
