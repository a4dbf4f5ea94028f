package dev.tally.aggregator.api;

import dev.tally.aggregator.rebuild.RebuildRefused;
import dev.tally.aggregator.rebuild.Rebuilds;
import dev.tally.aggregator.store.RebuildStore;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.ApiRoles;
import dev.tally.service.PipelineRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@code POST /api/pipelines/{p}/rebuild} starts a rebuild from the sources (202); {@code GET} lists the
 * pipeline's rebuilds, newest first, with their state.
 */
@Path("/api/pipelines/{pipeline}/rebuild")
@Produces(MediaType.APPLICATION_JSON)
public class RebuildResource {

    private static final int LISTED = 20;

    private final PipelineRegistry pipelines;
    private final Rebuilds rebuilds;
    private final Mutiny.SessionFactory sessions;

    public RebuildResource(PipelineRegistry pipelines, Rebuilds rebuilds, Mutiny.SessionFactory sessions) {
        this.pipelines = pipelines;
        this.rebuilds = rebuilds;
        this.sessions = sessions;
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    public Uni<Response> start(@PathParam("pipeline") String name, @Context SecurityContext security) {
        Optional<CompiledPipeline> pipeline = pipelines.get(name);
        if (pipeline.isEmpty()) {
            return Uni.createFrom().item(ApiError.unknownPipeline(name, pipelines));
        }
        String principal = security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
        return rebuilds.start(pipeline.get(), principal)
                .map(rebuild -> Response.accepted(rebuild).build())
                .onFailure(RebuildRefused.class)
                .recoverWithItem(e -> ApiError.response(((RebuildRefused) e).status(), e.getMessage()));
    }

    @GET
    @RolesAllowed({ApiRoles.VIEWER, ApiRoles.OPERATOR})
    public Uni<Response> list(@PathParam("pipeline") String name) {
        if (pipelines.get(name).isEmpty()) {
            return Uni.createFrom().item(ApiError.unknownPipeline(name, pipelines));
        }
        return sessions.withSession(session -> RebuildStore.list(session, name, LISTED))
                .map(list -> Response.ok(Map.of("rebuilds", list)).build());
    }
}
