package dev.tally.aggregator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.aggregator.store.AggregateItem;
import dev.tally.aggregator.store.AggregateReader;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.service.ApiRoles;
import dev.tally.service.PipelineRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** The read API: a pipeline's current aggregates, by page or key, and one aggregate by id. */
@Path("/api/pipelines/{pipeline}/aggregates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ApiRoles.VIEWER, ApiRoles.OPERATOR})
public class AggregateResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineRegistry pipelines;
    private final Map<String, PipelineJson> json = new HashMap<>();
    private final AggregateReader reader;

    public AggregateResource(PipelineRegistry pipelines, Mutiny.SessionFactory sessions) {
        this.pipelines = pipelines;
        pipelines.all().forEach(pipeline -> json.put(pipeline.name(), new PipelineJson(pipeline)));
        this.reader = new AggregateReader(sessions);
    }

    /** {@code ?key=<URL-encoded JSON object of the key fields>&page=0&size=100&includeEmpty=false}. */
    @GET
    public Uni<Response> list(@PathParam("pipeline") String name, @QueryParam("key") String key,
                              @QueryParam("page") @DefaultValue("0") int page,
                              @QueryParam("size") @DefaultValue("100") int size,
                              @QueryParam("includeEmpty") @DefaultValue("false") boolean includeEmpty) {
        PipelineJson pipeline = json.get(name);
        if (pipeline == null) {
            return Uni.createFrom().item(unknown(name));
        }
        Response badPage = ApiError.badPage(page, size);
        if (badPage != null) {
            return Uni.createFrom().item(badPage);
        }
        Optional<JsonNode> groupKey;
        try {
            groupKey = key == null ? Optional.empty() : Optional.of(groupKey(pipeline, key));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST,
                    "bad key " + key + " for pipeline " + name + ": " + e.getMessage()));
        }
        return reader.page(name, groupKey, includeEmpty, page, size)
                .map(found -> Response.ok(new AggregatePage(
                        found.items().stream().map(item -> ordered(pipeline, item)).toList(), page, size, found.total()))
                        .build());
    }

    /** The aggregate id URL-encoded, e.g. {@code %5B7%5D} for {@code [7]}; windowed ids contain slashes. */
    @GET
    @Path("/{aggregateId: .+}")
    public Uni<Response> get(@PathParam("pipeline") String name, @PathParam("aggregateId") String aggregateId) {
        PipelineJson pipeline = json.get(name);
        if (pipeline == null) {
            return Uni.createFrom().item(unknown(name));
        }
        return reader.get(name, aggregateId).map(item -> item != null ? Response.ok(ordered(pipeline, item)).build()
                : ApiError.response(Response.Status.NOT_FOUND, "pipeline " + name + " has no aggregate " + aggregateId));
    }

    /** Key fields and results as the pipeline declares them, not in jsonb's order. */
    private static AggregateItem ordered(PipelineJson json, AggregateItem item) {
        return new AggregateItem(item.aggregateId(), json.inDeclarationOrder(item.key(), true), item.window(),
                item.version(), item.rows(), json.inDeclarationOrder(item.aggregates(), false), item.updatedAt());
    }

    private static JsonNode groupKey(PipelineJson pipeline, String key) {
        JsonNode node;
        try {
            node = JSON.readTree(key);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")", e);
        }
        return pipeline.canonicalKey(pipeline.readKey(node));
    }

    private Response unknown(String name) {
        return ApiError.unknownPipeline(name, pipelines);
    }
}
