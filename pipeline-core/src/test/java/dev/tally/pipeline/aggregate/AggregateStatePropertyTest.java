package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Folding row changes into per-group states gives what recomputing every group from its rows gives. */
class AggregateStatePropertyTest {

    enum Kind { INSERT, UPDATE, DELETE }

    /** One change to the table; {@code pick} chooses the row an update or delete hits. */
    record Change(Kind kind, int pick, FoldedTable.Values values, boolean persistAfter) {
    }

    @Property(tries = 500)
    void foldedStatesEqualRecomputedAggregates(@ForAll("changes") List<Change> changes) {
        replayAndCheck(changes);
    }

    @Property(tries = 500)
    void foldedStatesEqualRecomputedAggregatesAcrossPersistAndRestore(@ForAll("changesWithRestores") List<Change> changes) {
        replayAndCheck(changes);
    }

    private static void replayAndCheck(List<Change> changes) {
        FoldedTable table = new FoldedTable();
        for (Change change : changes) {
            switch (change.kind()) {
                case INSERT -> table.insert(change.values());
                case UPDATE -> table.update(change.pick(), change.values());
                case DELETE -> table.delete(change.pick());
            }
            if (change.persistAfter()) {
                table.persistAndRestoreStates();
            }
            assertFoldedEqualsRecomputed(table);
        }
    }

    private static void assertFoldedEqualsRecomputed(FoldedTable table) {
        for (Map.Entry<String, AggregateState> group : table.states().entrySet()) {
            AggregateState state = group.getValue();
            long rows = table.rowCount(group.getKey());
            assertThat(state.rows()).as("rows of %s", group.getKey()).isEqualTo(rows);
            assertThat(state.isEmpty()).isEqualTo(rows == 0);
            assertThat(state.results()).as("aggregates of %s", group.getKey()).isEqualTo(table.recomputed(group.getKey()));
            if (rows == 0) {
                assertThat(state.toState()).isEqualTo(AggregateState.empty(FoldedTable.DEFINITIONS).toState());
            }
        }
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        return changes(Arbitraries.just(false));
    }

    @Provide
    Arbitrary<List<Change>> changesWithRestores() {
        return changes(Arbitraries.of(true, false, false, false));
    }

    private static Arbitrary<List<Change>> changes(Arbitrary<Boolean> persistAfter) {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(4, Kind.INSERT), net.jqwik.api.Tuple.of(4, Kind.UPDATE), net.jqwik.api.Tuple.of(2, Kind.DELETE));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 1_000), values(), persistAfter)
                .as(Change::new)
                .list().ofMaxSize(40);
    }

    private static Arbitrary<FoldedTable.Values> values() {
        Arbitrary<String> groups = Arbitraries.of("g1", "g2", "g3");
        Arbitrary<Long> quantities = Arbitraries.longs().between(-1_000, 1_000).injectNull(0.1);
        // A few recurring prices, so that extremes are often duplicated and retracted.
        Arbitrary<BigDecimal> prices = Arbitraries.oneOf(
                        Arbitraries.bigDecimals().between(new BigDecimal("-100"), new BigDecimal("100")).ofScale(2),
                        Arbitraries.of(new BigDecimal("0.00"), new BigDecimal("9.99"), new BigDecimal("10.00")))
                .injectNull(0.1);
        Arbitrary<String> labels = Arbitraries.strings().withChars('a', 'b', 'c').ofMaxLength(2).injectNull(0.1);
        // Hours either side of the epoch, so that equal timestamps and pre-1970 ones both turn up.
        Arbitrary<Instant> timestamps = Arbitraries.longs().between(-5, 5).map(h -> Instant.ofEpochSecond(h * 3_600)).injectNull(0.1);
        return Combinators.combine(groups, quantities, prices, labels, timestamps).as(FoldedTable.Values::new);
    }
}
