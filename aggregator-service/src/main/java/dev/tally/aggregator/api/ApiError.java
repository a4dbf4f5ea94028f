package dev.tally.aggregator.api;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
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

    static final int MAX_PAGE_SIZE = 1000;

    static Response response(Response.Status status, String error) {
        return response(status.getStatusCode(), error);
    }

    /** For statuses {@link Response.Status} does not name, such as 422. */
    static Response response(int status, String error) {
        return Response.status(status).entity(new ApiError(status, error)).build();
    }

    /** 404 naming the pipelines this aggregator runs. */
    static Response unknownPipeline(String name, PipelineRegistry pipelines) {
        return response(Response.Status.NOT_FOUND, "no pipeline named " + name + "; this aggregator runs "
                + pipelines.all().stream().map(CompiledPipeline::name).toList());
    }

    /** 400 when a page is out of range, null when it is fine. */
    static Response badPage(int page, int size) {
        return page >= 0 && size >= 1 && size <= MAX_PAGE_SIZE ? null : response(Response.Status.BAD_REQUEST,
                "page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE + " (got page " + page + ", size "
                        + size + ")");
    }
}
