package io.nodechecker.gateway.api;

import io.nodechecker.model.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the annotations cannot say once for all operations, added to the description at build time: who may
 * call each operation (the path rules of application.properties, as security requirements), the problem
 * bodies every refusal is (400, 401, 403, 404, 429 where each can happen), a server relative to wherever
 * the description was read from, and JSON first where a body may also be an upload.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDescription implements OASFilter {

    private static final String TOKEN = "token";
    private static final String NPM_SIGNATURE = "npmSignature";
    private static final String NOTIFY_TOKEN = "notifyToken";
    private static final String PROBLEM = "#/components/schemas/" + Problem.class.getSimpleName();

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.servers(List.of(OASFactory.createServer().url("/").description("the gateway this description was read from")));
        api.getComponents()
                .addSecurityScheme(TOKEN, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("a token of nodechecker.gateway.access.tokens; POST /api/storage/shutdown takes only "
                                + "one of access.admin-tokens. Reads need none while access.public-read is on."))
                .addSecurityScheme(NPM_SIGNATURE, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name("x-npm-signature")
                        .description("sha256=<hex HMAC-SHA256 of the body with hooks.secret>, as npm signs hook deliveries"))
                .addSecurityScheme(NOTIFY_TOKEN, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("hooks.notify-token"));
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) ->
                describe(path, method, operation)));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean reading = method == PathItem.HttpMethod.GET || method == PathItem.HttpMethod.HEAD;
        APIResponses responses = operation.getResponses();
        if (path.equals("/api/hooks/npm")) {
            operation.security(List.of(requirement(NPM_SIGNATURE)));
            problem(responses, 401, "the signature is missing or wrong");
        } else if (path.equals("/api/hooks/notify")) {
            operation.security(List.of(requirement(NOTIFY_TOKEN)));
            problem(responses, 401, "the notify token is missing or wrong");
        } else if (reading) {
            // Anonymous while reads are public; a token (or a live ticket) when they are private.
            operation.security(List.of(OASFactory.createSecurityRequirement(), requirement(TOKEN)));
            problem(responses, 401, "reads are private here and no valid token was given");
        } else {
            operation.security(List.of(requirement(TOKEN)));
            problem(responses, 401, "no valid token was given");
            if (path.startsWith("/api/storage")) {
                problem(responses, 403, "the token is not an admin token");
            } else if (path.endsWith("/cancel")) {
                problem(responses, 403, "the job was created with another token, and this one is not an admin token");
            }
            problem(responses, 429, "too many creating or cancelling requests in a minute (Retry-After says when to try again)");
        }
        jsonFirst(operation);
        boolean takesInput = operation.getRequestBody() != null || operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
        if (takesInput) {
            problem(responses, 400, "the request is malformed; errors names each invalid field");
        }
        if (path.contains("{")) {
            problem(responses, 404, "nothing is stored under that name");
        }
    }

    /**
     * Puts JSON first among the media types a body may have (POST /api/jobs takes JSON or an upload): generated
     * clients build their method from the first.
     */
    private static void jsonFirst(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        Content content = operation.getRequestBody().getContent();
        MediaType json = content.getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
        if (json != null) {
            Map<String, MediaType> ordered = new LinkedHashMap<>();
            ordered.put(jakarta.ws.rs.core.MediaType.APPLICATION_JSON, json);
            ordered.putAll(content.getMediaTypes());
            content.setMediaTypes(ordered);
        }
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme, List.of());
    }

    private static void problem(APIResponses responses, int status, String description) {
        String code = Integer.toString(status);
        if (responses.hasAPIResponse(code)) {
            return; // the operation's own annotation says it better
        }
        responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)))));
    }
}
