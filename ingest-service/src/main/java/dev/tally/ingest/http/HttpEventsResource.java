package dev.tally.ingest.http;

import dev.tally.ingest.http.HttpIngestResult.Accepted;
import dev.tally.ingest.http.HttpIngestResult.Refused;
import dev.tally.service.ApiRoles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** {@code POST /api/pipelines/{pipeline}/events}: changes of an http source, answered once Kafka has them. */
@Path("/api/pipelines/{pipeline}/events")
@RolesAllowed({ApiRoles.PRODUCER, ApiRoles.OPERATOR})
public class HttpEventsResource {

    private static final Logger LOG = Logger.getLogger(HttpEventsResource.class);

    private final HttpIngest ingest;

    public HttpEventsResource(HttpIngest ingest) {
        this.ingest = ingest;
    }

    /**
     * @return 202 {@code {"accepted":n,"eventIds":[...]}}; 400 or 404 {@code {"errors":[{"index":i,"error":"..."}]}};
     *         503 when Kafka did not acknowledge every event (retry with the same Idempotency-Key)
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> post(@PathParam("pipeline") String pipeline, @QueryParam("source") String source,
                              @HeaderParam("Idempotency-Key") String idempotencyKey, byte[] body) {
        return ingest.ingest(pipeline, source, idempotencyKey, body)
                .map(result -> switch (result) {
                    case Accepted accepted -> Response.accepted(accepted).build();
                    case Refused refused -> Response.status(refused.status())
                            .entity(Map.of("errors", refused.errors())).build();
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "events posted to pipeline %s were not all written to Kafka", pipeline);
                    return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(Map.of("errors", List.of(
                            IngestError.ofRequest("the events were not all written to Kafka (" + e.getMessage()
                                    + "); retry the request with the same Idempotency-Key, so that what was"
                                    + " written is not counted twice")))).build();
                });
    }
}
