package dev.tally.aggregator.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
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
        return response(status.getStatusCode(), error);
    }

    /** For statuses {@link Response.Status} does not name, such as 422. */
    static Response response(int status, String error) {
        return Response.status(status).entity(new ApiError(status, error)).build();
    }

    /** 404 for a pipeline this service does not run, naming those it runs. */
    static Response unknownPipeline(PipelineRegistry pipelines, String name) {
        return response(Response.Status.NOT_FOUND, "no pipeline named " + name + "; this aggregator runs "
                + pipelines.all().stream().map(CompiledPipeline::name).toList());
    }
}
