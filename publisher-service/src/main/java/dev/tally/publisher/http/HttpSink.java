package dev.tally.publisher.http;

import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.model.HttpSinkDefinition;
import dev.tally.publisher.Sink;
import dev.tally.publisher.SinkMetrics;
import dev.tally.publisher.WriteResult;
import dev.tally.publisher.WriteResult.Undelivered;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Delivers a pipeline's aggregates to an HTTP endpoint: each write is planned into rounds of requests, the requests of
 * a round sent at most {@code concurrency} at a time, each retried until accepted or given up on; what is given up on
 * goes to the dead-letter topic and delivery carries on.
 */
final class HttpSink implements Sink {

    private final String pipeline;
    private final HttpSinkDefinition definition;
    private final DeliveryPlan plan;
    private final RetryingSender sender;
    private final DeliveredVersions delivered;
    private final SinkMetrics sinkMetrics;
    private final HttpSinkMetrics metrics;

    HttpSink(String pipeline, HttpSinkDefinition definition, DeliveryPlan plan, RetryingSender sender,
             DeliveredVersions delivered, SinkMetrics sinkMetrics, HttpSinkMetrics metrics) {
        this.pipeline = pipeline;
        this.definition = definition;
        this.plan = plan;
        this.sender = sender;
        this.delivered = delivered;
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

    /** Nothing to prepare: the endpoint is the receiver's; its settings were checked when the sink was built. */
    @Override
    public void prepare() {
    }

    @Override
    public Uni<WriteResult> write(List<AggregateUpdate> updates) {
        List<AggregateUpdate> newer = delivered.newer(updates);
        sinkMetrics.stale(updates.size() - newer.size());
        List<AggregateUpdate> written = Collections.synchronizedList(new ArrayList<>());
        List<Undelivered> undelivered = Collections.synchronizedList(new ArrayList<>());
        Uni<Void> rounds = Uni.createFrom().voidItem();
        for (List<OutgoingRequest> round : plan.rounds(newer)) {
            rounds = rounds.chain(() -> deliver(round, written, undelivered));
        }
        return rounds.map(done -> new WriteResult(List.copyOf(written), List.copyOf(undelivered)));
    }

    private Uni<Void> deliver(List<OutgoingRequest> round, List<AggregateUpdate> written,
                              List<Undelivered> undelivered) {
        return Multi.createFrom().iterable(round)
                .onItem().transformToUni(request -> sender.send(request).invoke(outcome -> {
                    switch (outcome) {
                        case RetryingSender.Outcome.Delivered ok -> {
                            delivered.delivered(request.updates());
                            metrics.delivered(request.updates().size());
                            written.addAll(request.updates());
                        }
                        case RetryingSender.Outcome.GaveUp gaveUp -> request.updates().forEach(update ->
                                undelivered.add(new Undelivered(update, gaveUp.reason())));
                    }
                }))
                .merge(definition.concurrency())
                .collect().last()
                .replaceWithVoid();
    }
}
