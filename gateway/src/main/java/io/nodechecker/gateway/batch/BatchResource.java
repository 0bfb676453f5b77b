package io.nodechecker.gateway.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.gateway.access.Caller;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.problem.JsonBodies;
import io.nodechecker.model.BatchRequest;
import io.nodechecker.model.Problem.FieldError;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/** {@code /api/batches}: many packages at once, with progress and reports. */
@Path("/api/batches")
@Blocking
public class BatchResource {

    private final Batches batches;
    private final SecurityIdentity identity;
    private final JsonBodies bodies;

    BatchResource(Batches batches, SecurityIdentity identity, JsonBodies bodies) {
        this.bodies = bodies;
        this.identity = identity;
        this.batches = batches;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Test many packages: {\"packages\":[…]} with CITGM-style overrides, or CITGM's lookup.json as it is",
            description = "query parameters (they win over the same fields of the body): node=20,22 runs every entry"
                    + " that names no Node on each; retries=N reruns failures; compare=node|previous|true diffs a"
                    + " baseline and a candidate; name names the batch for compare=previous; includeTags and"
                    + " excludeTags filter a lookup table; callback for a lookup table")
    @APIResponse(responseCode = "202", description = "queued: the batch and its progress",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class)))
    public Response create(@RequestBody(description = "{\"packages\":[…]} or CITGM's lookup.json", required = true,
                                   content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                           schema = @Schema(type = SchemaType.OBJECT))) byte[] bytes, @QueryParam("node") String node, @QueryParam("retries") String retries,
                           @QueryParam("compare") String compare, @QueryParam("name") String name,
                           @QueryParam("includeTags") String includeTags, @QueryParam("excludeTags") String excludeTags,
                           @QueryParam("callback") String callback) {
        String owner = Caller.of(identity).owner();
        JsonNode body = bodies.read(bytes, "Batch");
        Integer retryCount = wholeNumber("retries", retries);
        BatchView batch;
        if (CitgmLookup.isLookup(body)) {
            batch = batches.createFromLookup(body, new BatchRequest(null, callback, list(node), retryCount, compare, name),
                    list(includeTags), list(excludeTags), owner);
        } else {
            if (includeTags != null || excludeTags != null) {
                throw new ApiException(400, "Invalid batch", "includeTags and excludeTags filter a lookup table;"
                        + " this body is not one");
            }
            BatchRequest request = bodies.as(body, BatchRequest.class, "Batch", "{\"packages\":[…]} or CITGM's lookup.json");
            batch = batches.create(new BatchRequest(request.packages(), callback != null ? callback : request.callback(),
                    node != null ? list(node) : request.node(), retryCount != null ? retryCount : request.retries(),
                    compare != null ? compare : request.compare(), name != null ? name : request.name()), owner);
        }
        return Response.accepted(batch).location(URI.create(batch.links().get("self"))).build();
    }

    private static List<String> list(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Integer wholeNumber(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(List.of(new FieldError(field, "must be a whole number")));
        }
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public BatchView progress(@PathParam("id") String id) {
        return find(id);
    }

    @GET
    @Path("/{id}/report.xml")
    @Produces("application/xml")
    public String junit(@PathParam("id") String id) {
        return BatchReports.junit(find(id));
    }

    @GET
    @Path("/{id}/report.tap")
    @Produces("text/plain;charset=utf-8")
    public String tap(@PathParam("id") String id) {
        return BatchReports.tap(find(id));
    }

    @GET
    @Path("/{id}/report.md")
    @Produces("text/markdown;charset=utf-8")
    public String markdown(@PathParam("id") String id) {
        return BatchReports.markdown(find(id));
    }

    private BatchView find(String id) {
        return batches.find(id).orElseThrow(() -> ApiException.notFound("no batch with id " + id));
    }
}
