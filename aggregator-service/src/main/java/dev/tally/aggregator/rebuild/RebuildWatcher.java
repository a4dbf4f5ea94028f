package dev.tally.aggregator.rebuild;

import dev.tally.aggregator.AggregatorConfig;
import dev.tally.aggregator.store.RebuildStore;
import dev.tally.aggregator.store.RebuildStore.Rebuild;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.Durations;
import dev.tally.service.KafkaClients;
import dev.tally.service.PipelineRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Ends running rebuilds. A rebuild is done once every source's incremental snapshot has completed
 * (Debezium's notification), then the ingest stage has consumed everything its raw topics held at that
 * moment, then the aggregator everything the changes topic held after that: from then on no snapshot
 * read can still arrive, and the row ledger is no longer needed. A source whose signal was never written (the
 * aggregator stopped between recording the rebuild and signalling) is signalled here, until
 * {@code tally.aggregator.rebuild.signal-timeout} after the rebuild began; then the rebuild fails, so that a new one
 * can start. Runs on a thread of its own: it makes blocking Kafka calls and waits for its database work.
 */
@ApplicationScoped
public class RebuildWatcher {

    private static final Logger LOG = Logger.getLogger(RebuildWatcher.class);
    /** How long the request that began a rebuild has to write its signals before this writes them. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(10);

    /** Where a rebuild whose snapshots have completed is in catching up. */
    private record CatchUp(boolean changesPhase, Map<TopicPartition, Long> targets) {
    }

    private final PipelineRegistry pipelines;
    private final Mutiny.SessionFactory sessions;
    private final KafkaClients clients;
    private final RebuildSources sources;
    private final AggregatorConfig.Rebuild config;
    private final SourceSignals signals;
    private final Map<String, CatchUp> catchingUp = new ConcurrentHashMap<>();
    private ScheduledExecutorService thread;
    private Admin admin;

    public RebuildWatcher(PipelineRegistry pipelines, Mutiny.SessionFactory sessions, KafkaClients clients,
                          RebuildSources sources, SourceSignals signals, AggregatorConfig config) {
        this.pipelines = pipelines;
        this.sessions = sessions;
        this.clients = clients;
        this.sources = sources;
        this.signals = signals;
        this.config = config.rebuild();
    }

    void start(@Observes StartupEvent event) {
        admin = Admin.create(clients.admin());
        thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "tally-rebuild-watcher"));
        long interval = config.checkInterval().toMillis();
        thread.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.shutdownNow();
        }
        if (admin != null) {
            admin.close();
        }
    }

    private void check() {
        try {
            for (Rebuild rebuild : await(() -> sessions.withSession(RebuildStore::running))) {
                check(rebuild);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "checking running rebuilds failed; trying again in %s", config.checkInterval());
        }
    }

    private void check(Rebuild rebuild) {
        Optional<CompiledPipeline> compiled = pipelines.get(rebuild.pipeline());
        if (compiled.isEmpty()) {
            return;
        }
        List<SourceConnector> connectors;
        try {
            connectors = sources.of(compiled.get());
        } catch (RebuildRefused e) {
            finish(rebuild, "failed", e.getMessage());
            return;
        }
        boolean allCompleted = true;
        for (SourceConnector connector : connectors) {
            String state = rebuild.sources().get(connector.name());
            if (RebuildStore.COMPLETED.equals(state)) {
                continue;
            }
            if (RebuildStore.REQUESTED.equals(state)) {
                if (!signal(rebuild, connector)) {
                    return;
                }
                allCompleted = false;
                continue;
            }
            Optional<SnapshotNotifications.Outcome> outcome = SnapshotNotifications.outcome(
                    clients.reader("tally-rebuild-watcher", 500), connector.notificationTopic(), rebuild.id());
            if (outcome.isEmpty()) {
                allCompleted = false;
            } else if (outcome.get() == SnapshotNotifications.Outcome.ABORTED) {
                finish(rebuild, "failed", "the incremental snapshot of connector " + connector.name()
                        + " was aborted; the aggregates are incomplete: start a new rebuild");
                return;
            } else {
                await(() -> sessions.withTransaction(session -> RebuildStore.source(session,
                        rebuild.pipeline(), rebuild.id(), connector.name(), RebuildStore.COMPLETED)));
                LOG.infof("rebuild %s of %s: the snapshot of connector %s has completed", rebuild.id(),
                        rebuild.pipeline(), connector.name());
            }
        }
        if (allCompleted) {
            catchUp(rebuild, compiled.get(), connectors);
        }
    }

    /**
     * Writes the signal of a source whose signal is still {@code requested}, once the request that began the rebuild
     * has had time to write it itself.
     *
     * @return false when the rebuild failed for good
     */
    private boolean signal(Rebuild rebuild, SourceConnector connector) {
        Instant now = Instant.now();
        if (rebuild.requestedAt().plus(SIGNAL_GRACE).isAfter(now)) {
            return true;
        }
        try {
            await(() -> signals.requestSnapshot(connector, rebuild.id()));
            await(() -> sessions.withTransaction(session -> RebuildStore.source(session, rebuild.pipeline(),
                    rebuild.id(), connector.name(), RebuildStore.SIGNALLED)));
            LOG.infof("rebuild %s of %s: signalled connector %s, which the request that began it had not",
                    rebuild.id(), rebuild.pipeline(), connector.name());
            return true;
        } catch (RuntimeException e) {
            if (rebuild.requestedAt().plus(config.signalTimeout()).isAfter(now)) {
                LOG.warnf("rebuild %s of %s: connector %s cannot be signalled yet: %s", rebuild.id(),
                        rebuild.pipeline(), connector.name(), e.getMessage());
                return true;
            }
            finish(rebuild, "failed", Rebuilds.signalFailure("connector " + connector.name()
                    + " could not be signalled within " + Durations.format(config.signalTimeout()) + " of the start: "
                    + e.getMessage()));
            return false;
        }
    }

    private void catchUp(Rebuild rebuild, CompiledPipeline compiled, List<SourceConnector> connectors) {
        ConsumerCatchUp offsets = new ConsumerCatchUp(admin);
        CatchUp state = catchingUp.computeIfAbsent(rebuild.id(), id -> {
            List<String> rawTopics = new ArrayList<>();
            connectors.forEach(c -> rawTopics.addAll(c.rawTopics()));
            return new CatchUp(false, offsets.endOffsets(rawTopics));
        });
        if (!state.changesPhase()) {
            if (offsets.reached(compiled.pipeline().ingestGroup(), state.targets())) {
                catchingUp.put(rebuild.id(),
                        new CatchUp(true, offsets.endOffsets(List.of(compiled.pipeline().changesTopic()))));
            }
            return;
        }
        if (offsets.reached(compiled.pipeline().aggregatorGroup(), state.targets())) {
            finish(rebuild, "done", "every source row was read again and every change up to the snapshots' end "
                    + "applied");
        }
    }

    private void finish(Rebuild rebuild, String state, String detail) {
        await(() -> sessions.withTransaction(session -> RebuildStore.finish(session, rebuild.pipeline(), rebuild.id(),
                state, detail)));
        catchingUp.remove(rebuild.id());
        LOG.infof("rebuild %s of %s %s: %s", rebuild.id(), rebuild.pipeline(), state, detail);
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }
}
