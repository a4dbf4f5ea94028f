package dev.tally.aggregator.retention;

import dev.tally.aggregator.AggregatorConfig;
import dev.tally.aggregator.AggregatorMetrics;
import dev.tally.aggregator.store.Journal;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Purges journal entries older than each pipeline's {@code retention.journal}: every
 * {@code tally.aggregator.retention.interval}, batch after batch until none is left. The next purge is scheduled when
 * one ends, so two never overlap. Compensation records are kept: they are the audit trail.
 */
@ApplicationScoped
public class JournalRetention {

    private static final Logger LOG = Logger.getLogger(JournalRetention.class);

    private final PipelineRegistry pipelines;
    private final Mutiny.SessionFactory sessions;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Duration interval;
    private final int batchSize;
    private volatile boolean stopped;
    private volatile long timer = -1;

    public JournalRetention(PipelineRegistry pipelines, Mutiny.SessionFactory sessions, MeterRegistry registry,
                            Vertx vertx, AggregatorConfig config) {
        this.pipelines = pipelines;
        this.sessions = sessions;
        this.registry = registry;
        this.vertx = vertx;
        this.interval = config.retention().interval();
        this.batchSize = config.retention().batchSize();
        if (interval.toMillis() < 1 || batchSize < 1) {
            throw new IllegalArgumentException("tally.aggregator.retention.interval must be at least 1ms and "
                    + "tally.aggregator.retention.batch-size at least 1, got " + interval + " and " + batchSize);
        }
    }

    void start(@Observes StartupEvent event) {
        scheduleNext();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    private void scheduleNext() {
        if (!stopped) {
            // VertxContextSupport refuses event-loop threads: the timer hands over to a worker, which only subscribes.
            timer = vertx.setTimer(interval.toMillis(),
                    id -> Infrastructure.getDefaultWorkerPool().execute(this::purgeAndReschedule));
        }
    }

    private void purgeAndReschedule() {
        // Hibernate Reactive wants a context of its own (a duplicated context), as the consumer loops have.
        VertxContextSupport.subscribe(() -> purgeAll().toMulti(), subscribe -> subscribe.with(ignored -> { },
                failure -> {
                    LOG.warnf(failure, "journal retention failed; trying again in %s: %s", interval, failure.getMessage());
                    scheduleNext();
                }, this::scheduleNext));
    }

    /** Purges every pipeline in turn. */
    Uni<Void> purgeAll() {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (CompiledPipeline pipeline : pipelines.all()) {
            all = all.chain(() -> purge(pipeline.name(), pipeline.pipeline().retention().journal(),
                    AggregatorMetrics.of(registry, pipeline.name())));
        }
        return all;
    }

    private Uni<Void> purge(String pipeline, Duration retention, AggregatorMetrics metrics) {
        return purgeBatches(pipeline, retention, metrics, 0).invoke(purged -> {
            if (purged > 0) {
                LOG.infof("journal retention: purged %d entries of pipeline %s older than %s", purged, pipeline, retention);
            }
        }).replaceWithVoid();
    }

    private Uni<Long> purgeBatches(String pipeline, Duration retention, AggregatorMetrics metrics, long purgedSoFar) {
        if (stopped) {
            return Uni.createFrom().item(purgedSoFar);
        }
        return sessions.withTransaction(session -> Journal.purge(session, pipeline, retention, batchSize))
                .invoke(purged -> metrics.journalPurged().increment(purged.entries()))
                .chain(purged -> purged.batches() < batchSize ? Uni.createFrom().item(purgedSoFar + purged.entries())
                        : purgeBatches(pipeline, retention, metrics, purgedSoFar + purged.entries()));
    }
}
