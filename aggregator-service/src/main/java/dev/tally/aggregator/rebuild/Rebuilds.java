package dev.tally.aggregator.rebuild;

import dev.tally.aggregator.store.RebuildStore;
import dev.tally.aggregator.store.RebuildStore.Rebuild;
import dev.tally.pipeline.load.CompiledPipeline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Starts rebuilds: checks that every source can be signalled, then in one transaction records the
 * running rebuild (which puts the aggregator's batches in row-ledger mode) and empties every aggregate
 * of the pipeline with a new version and an outbox event, then asks each source connector for an
 * incremental snapshot of the pipeline's tables. {@link RebuildWatcher} ends it, and writes a signal this service
 * could not write (it stopped in between).
 */
@ApplicationScoped
public class Rebuilds {

    private static final Logger LOG = Logger.getLogger(Rebuilds.class);

    private final Mutiny.SessionFactory sessions;
    private final RebuildSources sources;
    private final SourceSignals signals;

    public Rebuilds(Mutiny.SessionFactory sessions, RebuildSources sources, SourceSignals signals) {
        this.sessions = sessions;
        this.sources = sources;
        this.signals = signals;
    }

    /** The detail of a rebuild that failed because a source could not be signalled. */
    static String signalFailure(String reason) {
        return reason + "; the aggregates were emptied: start a new rebuild once the source can be signalled";
    }

    /**
     * @return the running rebuild
     * @throws RebuildRefused (as the Uni's failure) when the pipeline cannot be rebuilt, or already is
     */
    public Uni<Rebuild> start(CompiledPipeline pipeline, String requestedBy) {
        List<SourceConnector> connectors;
        try {
            connectors = sources.of(pipeline);
        } catch (RebuildRefused e) {
            return Uni.createFrom().failure(e);
        }
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Uni.join().all(connectors.stream().map(signals::probe).toList()).andFailFast()
                .onFailure().transform(e -> new RebuildRefused(502, e.getMessage()))
                .chain(() -> sessions.withTransaction(session -> RebuildStore.begin(session, pipeline.name(), id,
                                connectors.stream().map(SourceConnector::name).toList(), requestedBy, now)
                        .chain(begun -> {
                            if (!begun) {
                                throw new RebuildRefused(409, "a rebuild of pipeline " + pipeline.name()
                                        + " is running; see GET /api/pipelines/" + pipeline.name() + "/rebuild");
                            }
                            return AggregateReset.emptyAll(session, pipeline, id, now);
                        })))
                .chain(emptied -> {
                    LOG.infof("rebuild %s of %s by %s: %d aggregates emptied, asking %s for incremental snapshots",
                            id, pipeline.name(), requestedBy, emptied, connectors.stream().map(SourceConnector::name).toList());
                    return Uni.join().all(connectors.stream().map(c -> signals.requestSnapshot(c, id)
                                    .call(() -> sessions.withTransaction(session -> RebuildStore.source(session,
                                            pipeline.name(), id, c.name(), RebuildStore.SIGNALLED)))).toList())
                            .andFailFast()
                            .onFailure().call(e -> sessions.withTransaction(session -> RebuildStore.finish(session,
                                    pipeline.name(), id, "failed", signalFailure(e.getMessage()))))
                            .onFailure().transform(e -> new RebuildRefused(502, e.getMessage()));
                })
                .chain(() -> sessions.withSession(session -> RebuildStore.list(session, pipeline.name(), 1)))
                .map(List::getFirst);
    }
}
