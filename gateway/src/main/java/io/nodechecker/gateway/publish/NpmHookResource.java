package io.nodechecker.gateway.publish;

import io.nodechecker.gateway.access.HmacSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.store.Deliveries;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/hooks/npm}: hook deliveries in npm's format, as cnpmcore and self-hosted registries
 * still send them (the public registry discontinued hooks in 2024). The signature is checked against
 * the raw body; a {@code package:publish} queues the published version on every configured Node
 * version, once however often it is delivered or otherwise learnt; other events are acknowledged and
 * ignored.
 */
@Path("/api/hooks/npm")
@Blocking
public class NpmHookResource {

    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private final Publishes publishes;
    private final Deliveries deliveries;

    NpmHookResource(GatewayConfig config, ObjectMapper mapper, Publishes publishes, Deliveries deliveries) {
        this.config = config;
        this.mapper = mapper;
        this.publishes = publishes;
        this.deliveries = deliveries;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "npm hook deliveries (x-npm-signature: sha256=<hex HMAC of the body>)")
    @APIResponse(responseCode = "202", description = "the jobs queued for the publish",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "nothing to do: a duplicate, or an event that is not a publish",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response deliver(byte[] body, @HeaderParam("x-npm-signature") String signature) {
        String secret = config.hooks().npmSecret()
                .orElseThrow(() -> new ApiException(401, "Unauthorized", "this gateway has no npm hook secret"));
        if (!HmacSignature.verify(secret, body == null ? new byte[0] : body, signature)) {
            throw new ApiException(401, "Unauthorized", "x-npm-signature does not match the body");
        }
        JsonNode hook = parse(body);
        String event = hook.path("event").asText();
        if (!"package:publish".equals(event)) {
            return Response.ok(Map.of("ignored", event)).build();
        }
        String name = hook.path("name").asText();
        String version = publishedVersion(hook);
        if (PackageNames.publishedNameProblem(name) != null || version == null || !PackageNames.isExactVersion(version)) {
            throw new ApiException(400, "Invalid hook", "a publish hook needs a valid name and an exact version");
        }
        if (!deliveries.firstTime(HmacSignature.fingerprint(body))) {
            return Response.ok(Map.of("duplicate", true)).build();
        }
        List<Job> jobs = publishes.queue(name, version, "a hook from " + sender(hook));
        if (jobs.isEmpty()) {
            return Response.ok(Map.of("duplicate", true)).build(); // learnt already another way
        }
        return Response.accepted(Map.of("jobs", jobs)).build();
    }

    /**
     * Who the delivery is from: npm named the hook's owner ({@code hookOwner.username}); cnpmcore and
     * self-hosted registries name the {@code sender} (an object with {@code username}, or a string).
     */
    private static String sender(JsonNode hook) {
        for (JsonNode candidate : List.of(hook.path("hookOwner").path("username"), hook.path("sender").path("username"),
                hook.path("sender"), hook.path("hookOwner"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText();
            }
        }
        return "an unnamed sender";
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode hook = mapper.readTree(body);
            if (hook == null || !hook.isObject()) {
                throw new ApiException(400, "Invalid hook", "the body is not a JSON object");
            }
            return hook;
        } catch (IOException e) {
            throw new ApiException(400, "Invalid hook", "the body is not JSON");
        }
    }

    /** The version the publish was of: {@code change.version}, else the hook's {@code version}, else latest. */
    private static String publishedVersion(JsonNode hook) {
        for (JsonNode candidate : List.of(hook.path("change").path("version"), hook.path("version"),
                hook.path("payload").path("dist-tags").path("latest"))) {
            if (candidate.isTextual()) {
                return candidate.asText();
            }
        }
        return null;
    }
}
