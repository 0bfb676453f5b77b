package io.nodechecker.gateway.publish;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.nodechecker.cluster.store.WatchStore;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.npm.NpmRegistry;
import io.nodechecker.model.constraint.PackageNames;
import io.nodechecker.model.Watch;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/watches}: the packages whose new versions are tested as they are published. Changing
 * the list needs the write token, like creating jobs.
 */
@Path("/api/watches")
@Blocking
public class WatchResource {

    /** The body of {@code POST /api/watches}. */
    @Schema(requiredProperties = "package")
    public record WatchRequest(@JsonProperty("package") String packageName) {
    }

    private final WatchStore watches;
    private final GatewayConfig config;
    private final NpmRegistry registry;
    private final PublishFollower follower;

    WatchResource(WatchStore watches, GatewayConfig config, NpmRegistry registry, PublishFollower follower) {
        this.watches = watches;
        this.config = config;
        this.registry = registry;
        this.follower = follower;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The watched packages, with what each poll found")
    public List<Watch> list() {
        return watches.all();
    }

    @GET
    @Path("/{name: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Watch one(@PathParam("name") String name) {
        return watches.find(name).orElseThrow(() -> ApiException.notFound(name + " is not watched"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Watch a package: every version published from now on is tested on hooks.node-versions")
    @APIResponse(responseCode = "201", description = "watched from now on",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Watch.class)))
    @APIResponse(responseCode = "200", description = "watched already",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Watch.class)))
    public Response add(WatchRequest request) {
        String name = request == null ? null : request.packageName();
        String problem = PackageNames.publishedNameProblem(name);
        if (problem != null) {
            throw new ApiException(400, "Invalid watch", problem);
        }
        if (watches.size() >= config.watch().maxPackages()) {
            throw new ApiException(409, "Watch list full", "the watch list holds its most, watch.max-packages = "
                    + config.watch().maxPackages());
        }
        registry.resolve(name, "latest"); // 404 for a package the registry does not have
        URI self = URI.create("/api/watches/" + name);
        if (!watches.add(Watch.added(name, "api", Instant.now()))) {
            return Response.ok(watches.find(name).orElseThrow()).location(self).build();
        }
        follower.poll(name); // the baseline, now: what is published from here on is news
        return Response.created(self).entity(watches.find(name).orElseThrow()).build();
    }

    @DELETE
    @Path("/{name: .+}")
    @Operation(summary = "Stop watching a package")
    @APIResponse(responseCode = "204", description = "no longer watched")
    public Response remove(@PathParam("name") String name) {
        if (!watches.remove(name)) {
            throw ApiException.notFound(name + " is not watched");
        }
        return Response.noContent().build();
    }
}
