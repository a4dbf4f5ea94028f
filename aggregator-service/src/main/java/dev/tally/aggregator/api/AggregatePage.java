package dev.tally.aggregator.api;

import java.util.List;

/**
 * One page of aggregates, ordered by aggregate id.
 *
 * @param items the aggregates of the page
 * @param page  the page number, from 0
 * @param size  the page size asked for
 * @param total how many aggregates match, over all pages
 */
public record AggregatePage(List<AggregateItem> items, int page, int size, long total) {
}
