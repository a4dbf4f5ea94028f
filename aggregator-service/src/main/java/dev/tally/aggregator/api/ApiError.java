package dev.tally.aggregator.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;

/**
 * The body of an error answer.
 *
 * @param status the HTTP status
 * @param error  what was wrong
 */
@RegisterForReflection
public record ApiError(int status, String error) {

    static Response response(Response.Status status, String error) {
        return Response.status(status).entity(new ApiError(status.getStatusCode(), error)).build();
    }
}
