package dev.tally.aggregator.api;

import dev.tally.aggregator.AggregatorMetrics;
import dev.tally.aggregator.compensate.CompensationRefused;
import dev.tally.aggregator.compensate.CompensationRequest;
import dev.tally.aggregator.compensate.CompensationRequests;
import dev.tally.aggregator.compensate.Compensator;
import dev.tally.aggregator.store.CompensationRecord;
import dev.tally.aggregator.store.Compensations;
import dev.tally.aggregator.topics.TopicReader;
import dev.tally.aggregator.topics.TopicReader.TopicUnavailable;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.ApiRoles;
import dev.tally.service.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** The compensation API: corrections of a pipeline's aggregates by delta or by reversing an event, and their log. */
@Path("/api/pipelines/{pipeline}/compensations")
@Produces(MediaType.APPLICATION_JSON)
public class CompensationResource {

    /** Who asked, until authentication names the caller. */
    static final String ANONYMOUS = "anonymous";

    private final PipelineRegistry pipelines;
    private final Mutiny.SessionFactory sessions;
    private final Map<String, CompensationRequests> requests = new HashMap<>();
    private final Map<String, Compensator> compensators = new HashMap<>();
    private final Map<String, PipelineJson> json = new HashMap<>();

    public CompensationResource(PipelineRegistry pipelines, Mutiny.SessionFactory sessions, TopicReader topics,
                                MeterRegistry registry) {
        this.pipelines = pipelines;
        this.sessions = sessions;
        for (CompiledPipeline pipeline : pipelines.all()) {
            requests.put(pipeline.name(), new CompensationRequests(pipeline));
            compensators.put(pipeline.name(), new Compensator(pipeline, sessions, topics,
                    AggregatorMetrics.of(registry, pipeline.name())));
            json.put(pipeline.name(), new PipelineJson(pipeline));
        }
    }

    /** 201 with the record when applied, 200 with the original record when the same request came before. */
    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> compensate(@PathParam("pipeline") String name, String body,
                                    @Context SecurityContext security) {
        Compensator compensator = compensators.get(name);
        if (compensator == null) {
            return Uni.createFrom().item(ApiError.unknownPipeline(name, pipelines));
        }
        CompensationRequest request;
        try {
            request = requests.get(name).read(body);
        } catch (CompensationRefused e) {
            return Uni.createFrom().item(ApiError.response(e.status(), e.getMessage()));
        }
        return compensator.apply(request, principal(security))
                .map(outcome -> Response.status(outcome.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(ordered(json.get(name), outcome.record())).build())
                .onFailure(CompensationRefused.class)
                .recoverWithItem(e -> ApiError.response(((CompensationRefused) e).status(), e.getMessage()))
                // A reversal reads the event back from the changes topic.
                .onFailure(TopicUnavailable.class)
                .recoverWithItem(e -> ApiError.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()));
    }

    /** {@code ?page=0&size=100}, newest first. */
    @GET
    @RolesAllowed({ApiRoles.VIEWER, ApiRoles.OPERATOR})
    public Uni<Response> list(@PathParam("pipeline") String name, @QueryParam("page") @DefaultValue("0") int page,
                              @QueryParam("size") @DefaultValue("100") int size) {
        PipelineJson pipeline = json.get(name);
        if (pipeline == null) {
            return Uni.createFrom().item(ApiError.unknownPipeline(name, pipelines));
        }
        Response badPage = ApiError.badPage(page, size);
        if (badPage != null) {
            return Uni.createFrom().item(badPage);
        }
        return sessions.withSession(session -> Compensations.page(session, name, page, size))
                .map(found -> Response.ok(new CompensationPage(
                        found.items().stream().map(item -> ordered(pipeline, item)).toList(), page, size,
                        found.total())).build());
    }

    private static String principal(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        return principal == null || principal.getName() == null || principal.getName().isBlank() ? ANONYMOUS
                : principal.getName();
    }

    /** Results as the pipeline declares them, not in jsonb's order. */
    private static CompensationRecord ordered(PipelineJson json, CompensationRecord record) {
        CompensationRecord.Effect effect = record.effect();
        return new CompensationRecord(record.id(), record.kind(), record.principal(), record.reason(),
                record.createdAt(), record.request(), new CompensationRecord.Effect(effect.aggregateId(),
                effect.version(), json.inDeclarationOrder(effect.before(), false),
                json.inDeclarationOrder(effect.after(), false)));
    }
}
