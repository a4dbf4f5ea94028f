package dev.tally.aggregator.api;

import jakarta.ws.rs.core.Response;

/**
 * The body of an error answer.
 *
 * @param status the HTTP status
 * @param error  what was wrong
 */
public record ApiError(int status, String error) {

    static Response response(Response.Status status, String error) {
        return Response.status(status).entity(new ApiError(status.getStatusCode(), error)).build();
    }
}
