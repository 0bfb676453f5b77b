package io.nodechecker.gateway.history;

import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.model.constraint.PackageNames;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/packages/{name}}: a package's history and badge. Scoped names come with their slash
 * escaped ({@code @scope%2Fname}) or as two path segments.
 */
@Path("/api/packages")
@Blocking
public class PackageResource {

    private final PackageHistory history;

    PackageResource(PackageHistory history) {
        this.history = history;
    }

    @GET
    @Path("/{name: (@[^/]+/)?[^/@]+}")
    @Produces(MediaType.APPLICATION_JSON)
    public PackageHistory.History history(@PathParam("name") String name) {
        PackageHistory.History found = history.of(valid(name));
        if (found.isEmpty()) {
            throw ApiException.notFound("no results for " + name + " yet");
        }
        return found;
    }

    @GET
    @Path("/{name: (@[^/]+/)?[^/@]+}/badge.svg")
    @Produces("image/svg+xml")
    public Response badge(@PathParam("name") String name) {
        CacheControl fresh = new CacheControl();
        fresh.setMaxAge(60);
        return Response.ok(Badge.svg(history.latestOutcome(valid(name)).orElse(null))).cacheControl(fresh).build();
    }

    private static String valid(String name) {
        String problem = PackageNames.publishedNameProblem(name);
        if (problem != null) {
            throw new ApiException(400, "Invalid package name", problem);
        }
        return name;
    }
}
