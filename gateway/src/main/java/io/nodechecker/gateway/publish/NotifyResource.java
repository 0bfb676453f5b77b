package io.nodechecker.gateway.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.Job;
import io.nodechecker.model.constraint.PackageNames;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/hooks/notify}: a registry's own notification of a publish, such as Verdaccio's
 * {@code notify} with the content {@code {"publishedPackage":"{{ publishedPackage }}"}} (or
 * {@code name} and {@code version}), authorised by the bearer token {@code hooks.notify-token}.
 */
@Path("/api/hooks/notify")
@Blocking
public class NotifyResource {

    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private final Publishes publishes;

    NotifyResource(GatewayConfig config, ObjectMapper mapper, Publishes publishes) {
        this.config = config;
        this.mapper = mapper;
        this.publishes = publishes;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A registry's publish notification (Authorization: Bearer <hooks.notify-token>)")
    @APIResponse(responseCode = "202", description = "the jobs queued for the publish",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "nothing to do: a duplicate, or an event that is not a publish",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response notify(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = config.hooks().notifyToken()
                .orElseThrow(() -> new ApiException(401, "Unauthorized", "this gateway has no notify token"));
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "Unauthorized", "the bearer token is not the notify token");
        }
        JsonNode notice;
        try {
            notice = body == null ? null : mapper.readTree(body);
        } catch (IOException e) {
            notice = null;
        }
        if (notice == null || !notice.isObject()) {
            throw new ApiException(400, "Invalid notification", "the body is not a JSON object");
        }
        String[] spec = spec(notice);
        if (spec == null || PackageNames.publishedNameProblem(spec[0]) != null || !PackageNames.isExactVersion(spec[1])) {
            throw new ApiException(400, "Invalid notification",
                    "a publish notification needs publishedPackage (name@version) or name and an exact version");
        }
        List<Job> jobs = publishes.queue(spec[0], spec[1], "a registry notification");
        return jobs.isEmpty() ? Response.ok(Map.of("duplicate", true)).build()
                : Response.accepted(Map.of("jobs", jobs)).build();
    }

    /** {@code [name, version]} from {@code publishedPackage} or {@code name} + {@code version}. */
    private static String[] spec(JsonNode notice) {
        String published = notice.path("publishedPackage").asText("");
        int at = published.lastIndexOf('@');
        if (at > 0) {
            return new String[]{published.substring(0, at), published.substring(at + 1)};
        }
        if (notice.path("name").isTextual() && notice.path("version").isTextual()) {
            return new String[]{notice.path("name").asText(), notice.path("version").asText()};
        }
        return null;
    }
}
