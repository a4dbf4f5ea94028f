package dev.tally.aggregator.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tally.aggregator.topics.TopicReader.TopicUnavailable;
import dev.tally.aggregator.dlq.DlqListing;
import dev.tally.aggregator.dlq.DlqRedrive;
import dev.tally.aggregator.dlq.DlqRedrive.EntriesNotInTopic;
import dev.tally.aggregator.dlq.DlqRedrive.Selection;
import dev.tally.aggregator.dlq.Redriver.RedriveFailed;
import dev.tally.aggregator.store.DlqCoordinates;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.ApiRoles;
import dev.tally.service.PipelineRegistry;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** The dead-letter API: a pipeline's dead-letter entries by page, and re-driving them. */
@Path("/api/pipelines/{pipeline}/dlq")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    static final int MAX_PAGE_SIZE = 500;
    private static final int UNPROCESSABLE = 422;
    private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String BODY = "the body must be {\"all\": true} or {\"entries\": [{\"partition\": 0, "
            + "\"offset\": 12}, ...]}";

    private final PipelineRegistry pipelines;
    private final DlqListing listing;
    private final DlqRedrive redrive;

    public DeadLetterResource(PipelineRegistry pipelines, DlqListing listing, DlqRedrive redrive) {
        this.pipelines = pipelines;
        this.listing = listing;
        this.redrive = redrive;
    }

    /** {@code ?page=0&size=100}: entries ordered by partition, then offset. */
    @GET
    @RolesAllowed({ApiRoles.VIEWER, ApiRoles.OPERATOR})
    public Uni<Response> list(@PathParam("pipeline") String name, @QueryParam("page") @DefaultValue("0") int page,
                              @QueryParam("size") @DefaultValue("100") int size) {
        Optional<CompiledPipeline> pipeline = pipelines.get(name);
        if (pipeline.isEmpty()) {
            return Uni.createFrom().item(ApiError.unknownPipeline(name, pipelines));
        }
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST,
                    "page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE + " (got page " + page
                            + ", size " + size + ")"));
        }
        return listing.page(pipeline.get().pipeline(), page, size)
                .map(found -> Response.ok(found).build())
                .onFailure(TopicUnavailable.class).recoverWithItem(DeadLetterResource::unavailable);
    }

    /** Republishes entries to the topic of the stage that gave up on them; see {@link RedriveRequest}. */
    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("/redrive")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> redrive(@PathParam("pipeline") String name, String body, @Context SecurityContext security) {
        Optional<CompiledPipeline> pipeline = pipelines.get(name);
        if (pipeline.isEmpty()) {
            return Uni.createFrom().item(ApiError.unknownPipeline(name, pipelines));
        }
        Selection selection;
        try {
            selection = selection(body);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ApiError.response(Response.Status.BAD_REQUEST, e.getMessage()));
        }
        String who = caller(security);
        return redrive.redrive(pipeline.get(), selection, who)
                .invoke(result -> LOG.infof("%s re-drove %d dead letters of %s (%d skipped)", who,
                        result.redriven().size(), name, result.skipped().size()))
                .map(result -> Response.ok(result).build())
                .onFailure(EntriesNotInTopic.class).recoverWithItem(e -> ApiError.response(UNPROCESSABLE,
                        e.getMessage()))
                .onFailure(TopicUnavailable.class).recoverWithItem(DeadLetterResource::unavailable)
                .onFailure(RedriveFailed.class).recoverWithItem(DeadLetterResource::unavailable);
    }

    private static Selection selection(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("no body: " + BODY);
        }
        RedriveRequest request;
        try {
            request = JSON.readValue(body, RedriveRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown field '" + e.getPropertyName() + "': " + BODY, e);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a re-drive request (" + firstLine(e.getMessage()) + "): " + BODY, e);
        }
        if (request == null) {
            throw new IllegalArgumentException(BODY);
        }
        boolean all = Boolean.TRUE.equals(request.all());
        if (all && request.entries() != null) {
            throw new IllegalArgumentException("give either \"all\": true or \"entries\", not both");
        }
        if (all) {
            return new Selection(true, List.of());
        }
        if (request.entries() == null) {
            throw new IllegalArgumentException(request.all() == null ? BODY
                    : "\"all\": false re-drives nothing; " + BODY);
        }
        if (request.entries().isEmpty()) {
            throw new IllegalArgumentException("\"entries\" is empty: name at least one entry, or use \"all\": true");
        }
        Set<DlqCoordinates> entries = new LinkedHashSet<>();
        List<RedriveRequest.Entry> given = request.entries();
        for (int i = 0; i < given.size(); i++) {
            RedriveRequest.Entry entry = given.get(i);
            if (entry == null || entry.partition() == null || entry.offset() == null) {
                throw new IllegalArgumentException("entries[" + i + "] must have a \"partition\" and an \"offset\"");
            }
            if (entry.partition() < 0 || entry.offset() < 0) {
                throw new IllegalArgumentException("entries[" + i + "]: partition and offset must be 0 or more (got "
                        + entry.partition() + ", " + entry.offset() + ")");
            }
            entries.add(new DlqCoordinates(entry.partition(), entry.offset()));
        }
        return new Selection(false, new ArrayList<>(entries));
    }

    /** The authenticated caller once authentication is in place; "anonymous" until then. */
    private static String caller(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        return principal == null || principal.getName() == null || principal.getName().isBlank() ? "anonymous"
                : principal.getName();
    }

    private static Response unavailable(Throwable e) {
        return ApiError.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage() + "; try again");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
