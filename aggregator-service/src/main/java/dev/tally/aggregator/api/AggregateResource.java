package dev.tally.aggregator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.aggregator.PipelineJson;
import dev.tally.aggregator.store.AggregateReader;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** The read API: a pipeline's current aggregates, by page or key, and one aggregate by id. */
@Path("/api/pipelines/{pipeline}/aggregates")
@Produces(MediaType.APPLICATION_JSON)
public class AggregateResource {

    static final int MAX_PAGE_SIZE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineRegistry pipelines;
    private final AggregateReader reader;

    public AggregateResource(PipelineRegistry pipelines, Mutiny.SessionFactory sessions) {
        this.pipelines = pipelines;
        this.reader = new AggregateReader(sessions);
    }

    /** {@code ?key=<URL-encoded JSON object of the key fields>&page=0&size=100&includeEmpty=false}. */
    @GET
    public Uni<Response> list(@PathParam("pipeline") String name, @QueryParam("key") String key,
                              @QueryParam("page") @DefaultValue("0") int page,
                              @QueryParam("size") @DefaultValue("100") int size,
                              @QueryParam("includeEmpty") @DefaultValue("false") boolean includeEmpty) {
        Optional<CompiledPipeline> pipeline = pipelines.get(name);
        if (pipeline.isEmpty()) {
            return Uni.createFrom().item(unknown(name));
        }
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST,
                    "page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE + " (got page " + page
                            + ", size " + size + ")"));
        }
        Optional<JsonNode> groupKey;
        try {
            groupKey = key == null ? Optional.empty() : Optional.of(groupKey(pipeline.get(), key));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST,
                    "bad key " + key + " for pipeline " + name + ": " + e.getMessage()));
        }
        return reader.page(name, groupKey, includeEmpty, page, size)
                .map(found -> Response.ok(new AggregatePage(found.items(), page, size, found.total())).build());
    }

    /** The aggregate id URL-encoded, e.g. {@code %5B7%5D} for {@code [7]}; windowed ids contain slashes. */
    @GET
    @Path("/{aggregateId: .+}")
    public Uni<Response> get(@PathParam("pipeline") String name, @PathParam("aggregateId") String aggregateId) {
        if (pipelines.get(name).isEmpty()) {
            return Uni.createFrom().item(unknown(name));
        }
        return reader.get(name, aggregateId).map(item -> item != null ? Response.ok(item).build()
                : ApiError.response(Response.Status.NOT_FOUND, "pipeline " + name + " has no aggregate " + aggregateId));
    }

    private static JsonNode groupKey(CompiledPipeline pipeline, String key) {
        JsonNode node;
        try {
            node = JSON.readTree(key);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")", e);
        }
        PipelineJson json = new PipelineJson(pipeline);
        return json.groupKey(json.readGroupKey(node));
    }

    private Response unknown(String name) {
        return ApiError.response(Response.Status.NOT_FOUND, "no pipeline named " + name + "; this aggregator runs "
                + pipelines.all().stream().map(CompiledPipeline::name).toList());
    }
}
