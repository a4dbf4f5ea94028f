package dev.tally.pipeline.aggregate;

/**
 * The row a contribution comes from: its identity across changes and its log order, so that
 * {@code latest} can retract one row and tell which remaining row changed last.
 *
 * @param rowKey stable identity of the source row (source, table, primary key)
 * @param order  a string whose lexical order is the order in which rows were last written
 */
public record RowRef(String rowKey, String order) {
}
