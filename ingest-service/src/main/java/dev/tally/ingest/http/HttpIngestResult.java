package dev.tally.ingest.http;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** What became of a POST of events: accepted (every event acknowledged by Kafka) or refused, nothing sent. */
public sealed interface HttpIngestResult {

    /**
     * @param accepted the number of elements posted
     * @param eventIds the ids of the change events they became, in order (none for a row the source's filter drops,
     *                 two for an update that moves a row to another group)
     */
    @RegisterForReflection
    record Accepted(int accepted, List<String> eventIds) implements HttpIngestResult {
    }

    /** @param status 400 for a bad request, 404 for an unknown pipeline */
    record Refused(int status, List<IngestError> errors) implements HttpIngestResult {
    }
}
