package dev.tally.pipeline.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeOrigin;
import dev.tally.pipeline.event.GroupKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A source log (an initial snapshot, then changes of one or two events each; at times a connector re-created on a
 * database that is behind, with a snapshot of its own) goes through what repeats changes on their way to the
 * aggregator — Debezium sending a stretch of the log again after a restart — and every change still counts exactly
 * once, in log order, however the repeats fall; marks persisted and restored between batches change nothing.
 */
class LogMarksPropertyTest {

    private static final String SOURCE = "order-lines";

    enum Step { SNAPSHOT_ROW, CHANGE, KEY_MOVE, DEBEZIUM_REPLAY, COMMIT, NEW_DATABASE }

    /** One record of the raw topic: a change (parts events) at a position. */
    record RawRecord(long offset, String position, int parts, boolean snapshot, String identity) {
    }

    @Property(tries = 1000)
    void everyChangeCountsOnceWhateverIsRepeated(@ForAll("steps") List<Tuple.Tuple2<Step, Integer>> steps) {
        List<RawRecord> raw = new ArrayList<>();
        List<ChangeEvent> changesPartition = new ArrayList<>();
        int ingested = 0;
        long lsn = 100_000;
        int changes = 0;
        int databaseStart = 0;
        boolean streaming = false;
        String snapshotPosition = position(lsn);
        List<Integer> commitPoints = new ArrayList<>();
        for (Tuple.Tuple2<Step, Integer> step : steps) {
            int n = step.get2();
            switch (step.get1()) {
                case SNAPSHOT_ROW -> {
                    if (!streaming) {
                        raw.add(new RawRecord(raw.size(), snapshotPosition, 1, true, "row-" + raw.size()));
                    }
                }
                case CHANGE, KEY_MOVE -> {
                    streaming = true;
                    lsn += 8;
                    String identity = "change-" + changes++;
                    raw.add(new RawRecord(raw.size(), position(lsn), step.get1() == Step.KEY_MOVE ? 2 : 1, false,
                            identity));
                }
                case DEBEZIUM_REPLAY -> {
                    // The connector restarts from a flushed offset: the changes since then are sent again.
                    List<RawRecord> log = raw.subList(databaseStart, raw.size()).stream()
                            .filter(r -> !r.snapshot()).toList();
                    if (!log.isEmpty()) {
                        List<RawRecord> again = new ArrayList<>(log.subList(log.size() - 1 - n % log.size(), log.size()));
                        again.forEach(r -> raw.add(new RawRecord(raw.size(), r.position(), r.parts(), false,
                                r.identity())));
                    }
                }
                case NEW_DATABASE -> {
                    // The connector is re-created on another database, whose log is behind: a new snapshot first
                    // (of a table that has rows: a snapshot that reads none cannot tell the aggregator).
                    lsn = lsn / 2 + n;
                    snapshotPosition = position(lsn);
                    streaming = false;
                    databaseStart = raw.size();
                    raw.add(new RawRecord(raw.size(), snapshotPosition, 1, true, "row-" + raw.size()));
                }
                case COMMIT -> {
                    for (; ingested < raw.size(); ingested++) {
                        changesPartition.addAll(events(raw.get(ingested)));
                    }
                    commitPoints.add(changesPartition.size());
                }
            }
        }
        for (; ingested < raw.size(); ingested++) {
            changesPartition.addAll(events(raw.get(ingested)));
        }

        List<String> applied = new ArrayList<>();
        Map<String, LogMark> committed = new HashMap<>();
        LogMarks marks = LogMarks.restore(committed);
        for (int i = 0; i < changesPartition.size(); i++) {
            if (commitPoints.contains(i)) {
                committed.putAll(marks.moved());
                marks = LogMarks.restore(committed);
            }
            ChangeEvent event = changesPartition.get(i);
            if (!marks.replayed(event)) {
                applied.add(event.rowKey() + "/" + event.origin().part());
            }
        }

        Set<String> expected = new LinkedHashSet<>();
        for (RawRecord record : raw) {
            for (int part = 0; part < record.parts(); part++) {
                expected.add(record.identity() + "/" + part);
            }
        }
        assertThat(applied).as("changes applied, in log order").containsExactlyElementsOf(expected);
    }

    private static List<ChangeEvent> events(RawRecord record) {
        List<ChangeEvent> events = new ArrayList<>();
        for (int part = 0; part < record.parts(); part++) {
            ChangeOrigin origin = new ChangeOrigin(0, record.offset(), part, record.position(), record.snapshot());
            events.add(new ChangeEvent("p", record.identity() + "/" + part, new GroupKey(List.of(1L)), null, null,
                    Map.of("lines", 1L), record.identity(), record.position(), Instant.EPOCH, Instant.EPOCH, SOURCE,
                    record.position(), false, origin));
        }
        return events;
    }

    private static String position(long lsn) {
        return String.format("%016x:%016x", lsn, lsn);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Step, Integer>>> steps() {
        Arbitrary<Step> kinds = Arbitraries.frequency(Tuple.of(3, Step.SNAPSHOT_ROW), Tuple.of(6, Step.CHANGE),
                Tuple.of(2, Step.KEY_MOVE), Tuple.of(1, Step.DEBEZIUM_REPLAY),
                Tuple.of(2, Step.COMMIT), Tuple.of(1, Step.NEW_DATABASE));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 20)).as(Tuple::of).list().ofMaxSize(80);
    }
}
