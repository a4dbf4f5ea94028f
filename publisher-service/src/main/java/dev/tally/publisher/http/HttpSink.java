package dev.tally.publisher.http;

import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.model.HttpSinkDefinition;
import dev.tally.publisher.Sink;
import dev.tally.publisher.SinkMetrics;
import dev.tally.publisher.SinkVersions;
import dev.tally.publisher.WriteResult;
import dev.tally.publisher.WriteResult.Undelivered;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Delivers a pipeline's aggregates to an HTTP endpoint: each write is planned into rounds of requests, the requests of
 * a round sent at most {@code concurrency} at a time, each retried until accepted or given up on; what is given up on
 * goes to the dead-letter topic and delivery carries on. Each round's versions are claimed in the sink's
 * {@link SinkVersions} ledger before they go, and marked delivered once accepted: what the ledger refuses (older than
 * a version claimed, or delivered already) is not sent.
 */
final class HttpSink implements Sink {

    private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(1);

    private final String pipeline;
    private final HttpSinkDefinition definition;
    private final DeliveryPlan plan;
    private final RetryingSender sender;
    private final SinkVersions versions;
    private final Pool pool;
    private final SinkMetrics sinkMetrics;
    private final HttpSinkMetrics metrics;

    HttpSink(String pipeline, HttpSinkDefinition definition, DeliveryPlan plan, RetryingSender sender, Pool pool,
             SinkMetrics sinkMetrics, HttpSinkMetrics metrics) {
        this.pipeline = pipeline;
        this.definition = definition;
        this.plan = plan;
        this.sender = sender;
        this.versions = new SinkVersions(pipeline, definition.name());
        this.pool = pool;
        this.sinkMetrics = sinkMetrics;
        this.metrics = metrics;
    }

    @Override
    public String pipeline() {
        return pipeline;
    }

    @Override
    public String name() {
        return definition.name();
    }

    @Override
    public boolean everyVersion() {
        return definition.versions() == HttpSinkDefinition.Versions.ALL;
    }

    /** Creates the version ledger when missing; the endpoint's settings were checked when the sink was built. */
    @Override
    public void prepare() {
        SinkVersions.install(pool).await().atMost(PREPARE_TIMEOUT);
    }

    @Override
    public Uni<WriteResult> write(List<AggregateUpdate> updates) {
        List<AggregateUpdate> written = Collections.synchronizedList(new ArrayList<>());
        List<Undelivered> undelivered = Collections.synchronizedList(new ArrayList<>());
        Uni<Void> rounds = Uni.createFrom().voidItem();
        for (List<AggregateUpdate> round : DeliveryPlan.rounds(updates)) {
            rounds = rounds.chain(() -> versions.claim(pool, round))
                    .invoke(claimed -> sinkMetrics.stale(round.size() - claimed.size()))
                    .chain(claimed -> deliver(plan.requests(claimed), written, undelivered));
        }
        return rounds.map(done -> new WriteResult(List.copyOf(written), List.copyOf(undelivered)));
    }

    private Uni<Void> deliver(List<OutgoingRequest> round, List<AggregateUpdate> written,
                              List<Undelivered> undelivered) {
        if (round.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(round)
                .onItem().transformToUni(request -> sender.send(request).call(outcome -> switch (outcome) {
                    case RetryingSender.Outcome.Delivered ok -> versions.delivered(pool, request.updates())
                            .invoke(() -> {
                                metrics.delivered(request.updates().size());
                                written.addAll(request.updates());
                            });
                    case RetryingSender.Outcome.GaveUp gaveUp -> {
                        request.updates().forEach(update -> undelivered.add(new Undelivered(update, gaveUp.reason())));
                        yield Uni.createFrom().voidItem();
                    }
                }))
                .merge(definition.concurrency())
                .collect().last()
                .replaceWithVoid();
    }
}
