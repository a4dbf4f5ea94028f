package dev.tally.aggregator.apply;

import dev.tally.aggregator.commit.NewVersion;
import dev.tally.aggregator.window.WindowLifecycle;
import dev.tally.pipeline.aggregate.AggregateState;
import java.util.ArrayList;
import java.util.List;

/**
 * What one committed batch did, and the states it committed.
 *
 * @param applied     changes applied
 * @param duplicates  changes dropped as applied before
 * @param aggregates  new aggregate versions written
 * @param rejected    changes to send to the dead-letter topic
 * @param committed   the state of every new version, to keep in the {@link StateCache}
 * @param lateDropped late changes dropped ({@code late: drop})
 * @param windows     windows closed and expired
 */
record Applied(int applied, int duplicates, int aggregates, List<Rejection> rejected, List<Committed> committed,
               int lateDropped, WindowLifecycle.Outcome windows) {

    /** A committed state, at its version. */
    record Committed(String aggregateId, long version, AggregateState state) {
    }

    static final Applied NOTHING = new Applied(0, 0, 0, List.of(), List.of(), 0, WindowLifecycle.Outcome.NONE);

    static Applied of(BatchFold.Outcome folded, int duplicates) {
        List<Committed> committed = new ArrayList<>(folded.versions().size());
        for (NewVersion version : folded.versions()) {
            committed.add(new Committed(version.aggregateId(), version.version(),
                    folded.states().get(version.aggregateId())));
        }
        return new Applied(folded.applied().size(), duplicates, folded.versions().size(), folded.rejected(), committed,
                0, WindowLifecycle.Outcome.NONE);
    }

    Applied withMoreDuplicates(int more) {
        return new Applied(applied, duplicates + more, aggregates, rejected, committed, lateDropped, windows);
    }

    Applied withWindows(WindowLifecycle.Outcome outcome) {
        return new Applied(applied, duplicates, aggregates, rejected, committed, lateDropped, outcome);
    }

    Applied withLate(List<Rejection> late, int dropped) {
        List<Rejection> all = new ArrayList<>(rejected);
        all.addAll(late);
        return new Applied(applied, duplicates, aggregates, all, committed, dropped, windows);
    }
}
