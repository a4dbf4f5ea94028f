package dev.tally.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.ingest.Acknowledgements;
import dev.tally.ingest.ChangeProducer;
import dev.tally.ingest.IngestMetrics;
import dev.tally.ingest.IngestPipeline;
import dev.tally.ingest.IngestPipelines;
import dev.tally.ingest.http.HttpIngestResult.Accepted;
import dev.tally.ingest.http.HttpIngestResult.Refused;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.MappingException;
import dev.tally.pipeline.http.HttpEventDecoder;
import dev.tally.pipeline.http.InvalidEventException;
import dev.tally.pipeline.model.SourceDefinition;
import dev.tally.pipeline.model.SourceType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Takes changes posted to an http source, all or nothing: every element is read and mapped
 * first, and only when all are valid are their change events sent; the result is known once
 * Kafka acknowledged every one.
 */
@ApplicationScoped
public class HttpIngest {

    private final IngestPipelines pipelines;
    private final ChangeProducer producer;
    private final IngestMetrics metrics;
    private final HttpEventDecoder decoder = new HttpEventDecoder();

    public HttpIngest(IngestPipelines pipelines, ChangeProducer producer, IngestMetrics metrics) {
        this.pipelines = pipelines;
        this.producer = producer;
        this.metrics = metrics;
    }

    /**
     * Ingests one request; runs on a worker thread, since mapping a large body takes a while and a
     * send may block on topic metadata.
     *
     * @param sourceName     the {@code source} query parameter, or null
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     * @return the result; fails only when Kafka did not acknowledge every event
     */
    public Uni<HttpIngestResult> ingest(String pipelineName, String sourceName, String idempotencyKey, byte[] body) {
        return Uni.createFrom().deferred(() -> ingestNow(pipelineName, sourceName, idempotencyKey, body))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<HttpIngestResult> ingestNow(String pipelineName, String sourceName, String idempotencyKey,
                                            byte[] body) {
        Optional<IngestPipeline> found = pipelines.get(pipelineName);
        if (found.isEmpty()) {
            return refused(new Refused(404, List.of(IngestError.ofRequest("there is no pipeline '" + pipelineName
                    + "'; this service runs " + pipelines.names()))));
        }
        IngestPipeline pipeline = found.get();
        SourceDefinition source;
        HttpEventDecoder.Body elements;
        try {
            source = httpSource(pipeline, sourceName);
            elements = decoder.read(body);
        } catch (InvalidEventException e) {
            metrics.httpRefused(pipeline.name(), 1);
            return refused(new Refused(400, List.of(IngestError.ofRequest(e.getMessage()))));
        }
        Instant receivedAt = Instant.now();
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        List<ChangeEvent> events = new ArrayList<>();
        List<IngestError> errors = new ArrayList<>();
        for (int i = 0; i < elements.elements().size(); i++) {
            JsonNode element = elements.elements().get(i);
            String fallbackId = key == null ? UUID.randomUUID().toString()
                    : elements.array() ? key + "#" + i : key;
            try {
                RowChange change = decoder.change(element, source, fallbackId, receivedAt);
                events.addAll(pipeline.map(source.name(), change));
            } catch (InvalidEventException | MappingException e) {
                errors.add(new IngestError(i, e.getMessage()));
            } catch (RuntimeException e) {
                errors.add(new IngestError(i, "the change could not be mapped: " + e));
            }
        }
        int count = elements.elements().size();
        if (!errors.isEmpty()) {
            metrics.httpRefused(pipeline.name(), count);
            return refused(new Refused(400, errors));
        }
        Acknowledgements acks = new Acknowledgements();
        events.forEach(event -> acks.add(producer.send(pipeline, event)));
        List<String> ids = events.stream().map(ChangeEvent::eventId).toList();
        return acks.all()
                .invoke(() -> metrics.httpAccepted(pipeline.name(), count))
                .replaceWith(new Accepted(count, ids));
    }

    private static SourceDefinition httpSource(IngestPipeline pipeline, String sourceName)
            throws InvalidEventException {
        List<SourceDefinition> sources = pipeline.definition().pipeline().sources();
        List<SourceDefinition> http = sources.stream().filter(s -> s.type() == SourceType.HTTP).toList();
        String httpNames = http.stream().map(SourceDefinition::name).collect(Collectors.joining(", "));
        if (http.isEmpty()) {
            throw new InvalidEventException("pipeline '" + pipeline.name() + "' has no http source (its sources: "
                    + sources.stream().map(s -> s.name() + " (" + s.type().name().toLowerCase() + ")")
                    .collect(Collectors.joining(", "))
                    + "); its changes come from its database, or declare a source of type http in "
                    + pipeline.definition().pipeline().file());
        }
        if (sourceName == null || sourceName.isBlank()) {
            if (http.size() > 1) {
                throw new InvalidEventException("pipeline '" + pipeline.name() + "' has several http sources ("
                        + httpNames + "): name one with ?source=<name>");
            }
            return http.getFirst();
        }
        SourceDefinition named = sources.stream().filter(s -> s.name().equals(sourceName)).findFirst()
                .orElseThrow(() -> new InvalidEventException("pipeline '" + pipeline.name() + "' has no source '"
                        + sourceName + "'; its http sources: " + httpNames));
        if (named.type() != SourceType.HTTP) {
            throw new InvalidEventException("source '" + sourceName + "' of pipeline '" + pipeline.name() + "' is a "
                    + named.type().name().toLowerCase() + " source, fed by its database; its http sources: "
                    + httpNames);
        }
        return named;
    }

    private static Uni<HttpIngestResult> refused(Refused refused) {
        return Uni.createFrom().item(refused);
    }
}
