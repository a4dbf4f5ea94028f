package dev.tally.aggregator.compensate;

import dev.tally.aggregator.store.Journal;
import dev.tally.pipeline.event.ChangeEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a reversal needs to know of a journaled change and the other changes of its row in its aggregate: the change
 * itself (read back from the changes topic), whether a later change of the row stands (it built on this one), and
 * the write order of the row's change before it (what the restored side is written with).
 *
 * @param change        the change, empty when the changes topic no longer holds it
 * @param laterChange   the id of the first later change of the row that was not reversed, if any
 * @param previousOrder the order of the row's last earlier change that was not reversed, if the topic still has it
 */
record RowHistory(Optional<ChangeEvent> change, Optional<String> laterChange, Optional<String> previousOrder) {

    /**
     * @param sameRow every journaled change with the entry's row hash in its aggregate (hashes may collide: each is
     *                read back and compared by row)
     */
    static RowHistory of(Journal.Entry entry, List<Journal.Entry> sameRow, JournaledChanges changes) {
        List<Journal.Entry> standing = sameRow.stream()
                .filter(other -> other.reversedBy() == null && !other.eventId().equals(entry.eventId()))
                .sorted(Comparator.comparingLong(Journal.Entry::offset))
                .toList();
        List<Journal.Entry> wanted = new ArrayList<>(standing);
        wanted.add(entry);
        Map<String, ChangeEvent> read = changes.read(wanted);
        ChangeEvent change = read.get(entry.eventId());
        if (change == null) {
            return new RowHistory(Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<String> later = standing.stream()
                .filter(other -> other.offset() > entry.offset())
                .map(other -> read.get(other.eventId()))
                .filter(other -> other != null && other.rowKey().equals(change.rowKey()))
                .map(ChangeEvent::eventId)
                .findFirst();
        Optional<String> previousOrder = standing.reversed().stream()
                .filter(other -> other.offset() < entry.offset())
                .map(other -> read.get(other.eventId()))
                .filter(other -> other != null && other.rowKey().equals(change.rowKey()))
                .map(ChangeEvent::order)
                .findFirst();
        return new RowHistory(Optional.of(change), later, previousOrder);
    }
}
