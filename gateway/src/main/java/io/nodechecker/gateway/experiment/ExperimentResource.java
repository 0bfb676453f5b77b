package io.nodechecker.gateway.experiment;

import io.nodechecker.gateway.access.Caller;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.problem.JsonBodies;
import io.nodechecker.model.Experiment;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.util.List;

/** {@code /api/experiments}: packages on a baseline and a candidate Node, sorted into what newly broke and the rest. */
@Path("/api/experiments")
@Blocking
public class ExperimentResource {

    private static final int MAX_LISTED = 200;

    private final Experiments experiments;
    private final SecurityIdentity identity;
    private final JsonBodies bodies;

    ExperimentResource(Experiments experiments, SecurityIdentity identity, JsonBodies bodies) {
        this.experiments = experiments;
        this.identity = identity;
        this.bodies = bodies;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run packages on a baseline and a candidate Node and sort them into regressed, fixed, broken,"
            + " passing, spurious, skipped and errored",
            description = "packages is CITGM's lookup.json, an array of \"name\" or \"name@version\", or {\"top\": N};"
                    + " a failure where the other side passed runs twice more before it counts")
    @APIResponse(responseCode = "202", description = "queued: the experiment and its progress",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExperimentView.class)))
    public Response createExperiment(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ExperimentRequest.class))) byte[] bytes) {
        ExperimentView view = experiments.create(bodies.as(bodies.read(bytes, "Experiment"), ExperimentRequest.class,
                "Experiment", "an object with baseline, candidate and packages"), Caller.of(identity).owner(), null);
        return Response.accepted(view).location(URI.create(view.links().get("self"))).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The newest experiments, newest first: what each compares, without its items")
    public List<Experiment> listExperiments(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LISTED) {
            throw new ApiException(400, "Invalid limit", "limit must be from 1 to " + MAX_LISTED);
        }
        return experiments.recent(limit).stream().map(e -> new Experiment(e.id(), e.name(), e.baseline(),
                e.candidate(), e.packages(), e.schedule(), null, e.createdAt(), null)).toList();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where an experiment stands: its state, counts per category and every package's two sides")
    public ExperimentView experiment(@PathParam("id") String id) {
        return find(id);
    }

    @GET
    @Path("/{id}/report.json")
    @Produces(MediaType.APPLICATION_JSON)
    public ExperimentView experimentJson(@PathParam("id") String id) {
        return find(id);
    }

    @GET
    @Path("/{id}/report.md")
    @Produces("text/markdown;charset=utf-8")
    public String experimentMarkdown(@PathParam("id") String id) {
        return ExperimentReports.markdown(find(id));
    }

    @GET
    @Path("/{id}/report.xml")
    @Produces("application/xml")
    @Operation(summary = "JUnit XML where only regressions fail")
    public String experimentJunit(@PathParam("id") String id) {
        return ExperimentReports.junit(find(id));
    }

    private ExperimentView find(String id) {
        return experiments.find(id).orElseThrow(() -> ApiException.notFound("no experiment with id " + id));
    }
}
