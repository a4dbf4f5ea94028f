package dev.tally.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One reason a request was refused: the index of the element it concerns (none for the request as a whole), and what was wrong. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestError(Integer index, String error) {

    public static IngestError ofRequest(String error) {
        return new IngestError(null, error);
    }
}
