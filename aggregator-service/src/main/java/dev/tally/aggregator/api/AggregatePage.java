package dev.tally.aggregator.api;

import dev.tally.aggregator.store.AggregateItem;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One page of aggregates, ordered by aggregate id.
 *
 * @param items the aggregates of the page
 * @param page  the page number, from 0
 * @param size  the page size asked for
 * @param total how many aggregates match, over all pages
 */
// Returned inside a Response, so Quarkus REST cannot see the type: registered for Jackson in native images.
@RegisterForReflection
public record AggregatePage(List<AggregateItem> items, int page, int size, long total) {
}
