package io.nodechecker.gateway.batch;

import io.nodechecker.gateway.access.AccessPolicy;
import io.nodechecker.gateway.api.ApiException;
import io.nodechecker.model.BatchRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;

/** {@code /api/batches}: many packages at once, with progress and reports. */
@Path("/api/batches")
@Blocking
public class BatchResource {

    private final Batches batches;
    private final AccessPolicy access;

    BatchResource(Batches batches, AccessPolicy access) {
        this.access = access;
        this.batches = batches;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Test many packages, with CITGM-style overrides and an optional signed completion callback")
    public Response create(BatchRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        BatchView batch = batches.create(request, access.caller(authorization).owner());
        return Response.accepted(batch).location(URI.create(batch.links().get("self"))).build();
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
