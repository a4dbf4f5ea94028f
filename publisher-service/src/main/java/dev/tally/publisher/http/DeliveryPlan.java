package dev.tally.publisher.http;

import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.model.HttpSinkDefinition.Batching;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the updates of one write into rounds, and each round into requests: round n holds the n-th version of each
 * aggregate, so rounds run one after the other and the requests of a round may run at once without an aggregate ever
 * receiving an older version after a newer one. With only the newest version per aggregate there is one round.
 */
final class DeliveryPlan {

    private final AggregateRecordFormat format;
    private final Batching batching;
    private final String sink;

    /** @param sink the sink's name, part of each request's {@code Idempotency-Key} */
    DeliveryPlan(AggregateRecordFormat format, Batching batching, String sink) {
        this.format = format;
        this.batching = batching;
        this.sink = sink;
    }

    /** The rounds of {@code updates}, which are ordered by aggregate id, then version: round n, their n-th versions. */
    static List<List<AggregateUpdate>> rounds(List<AggregateUpdate> updates) {
        List<List<AggregateUpdate>> rounds = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (AggregateUpdate update : updates) {
            int round = seen.merge(update.aggregateId(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(update);
        }
        return rounds;
    }

    /** The requests that deliver one round. */
    List<OutgoingRequest> requests(List<AggregateUpdate> round) {
        int size = batching.enabled() ? batching.maxSize() : 1;
        List<OutgoingRequest> requests = new ArrayList<>();
        for (int from = 0; from < round.size(); from += size) {
            List<AggregateUpdate> chunk = List.copyOf(round.subList(from, Math.min(round.size(), from + size)));
            requests.add(new OutgoingRequest(chunk, body(chunk), IdempotencyKeys.of(sink, chunk)));
        }
        return requests;
    }

    private byte[] body(List<AggregateUpdate> chunk) {
        if (!batching.enabled()) {
            return format.encode(chunk.get(0));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(batching.prefix().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < chunk.size(); i++) {
            if (i > 0) {
                body.writeBytes(batching.separator().getBytes(StandardCharsets.UTF_8));
            }
            body.writeBytes(format.encode(chunk.get(i)));
        }
        body.writeBytes(batching.suffix().getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
