package dev.tally.aggregator.store;

import java.util.Comparator;

/**
 * Where an entry sits in a pipeline's dead-letter topic.
 *
 * @param partition the partition of {@code tally.<p>.dlq}
 * @param offset    the offset in it
 */
public record DlqCoordinates(int partition, long offset) implements Comparable<DlqCoordinates> {

    private static final Comparator<DlqCoordinates> ORDER = Comparator.comparingInt(DlqCoordinates::partition)
            .thenComparingLong(DlqCoordinates::offset);

    @Override
    public int compareTo(DlqCoordinates other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return partition + "@" + offset;
    }
}
