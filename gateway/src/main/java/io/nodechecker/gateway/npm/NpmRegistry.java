package io.nodechecker.gateway.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.gateway.api.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.PackageNames;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Resolves what a job asks for ({@code latest}, another dist-tag, or an exact version) to the exact
 * published version, from the registry's abbreviated metadata, so an unknown package or version is
 * refused before any container starts.
 */
@ApplicationScoped
public class NpmRegistry {

    private volatile String lastProblem;

    private static final String ABBREVIATED = "application/vnd.npm.install-v1+json";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private final GatewayConfig config;
    private final ObjectMapper mapper;

    NpmRegistry(GatewayConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /** The exact version {@code versionOrTag} of {@code name} stands for; 404 when there is none. */
    public String resolve(String name, String versionOrTag) {
        JsonNode metadata = metadata(name);
        if (PackageNames.isExactVersion(versionOrTag)) {
            if (!metadata.path("versions").has(versionOrTag)) {
                throw ApiException.notFound("version " + versionOrTag + " of " + name + " is not published");
            }
            return versionOrTag;
        }
        JsonNode tagged = metadata.path("dist-tags").path(versionOrTag);
        if (!tagged.isTextual()) {
            throw ApiException.notFound(name + " has no dist-tag '" + versionOrTag + "'");
        }
        return tagged.asText();
    }

    /**
     * Why the last lookup could not ask the registry, or {@code null} when the last one could (or none
     * was made yet). Health reads it: the gateway asks the registry only for users, never to probe it.
     */
    public String lastProblem() {
        return lastProblem;
    }

    private JsonNode metadata(String name) {
        try {
            JsonNode metadata = fetch(name);
            lastProblem = null;
            return metadata;
        } catch (ApiException e) {
            lastProblem = e.problem().status() == 503 ? e.problem().detail() : null;
            throw e;
        }
    }

    private JsonNode fetch(String name) {
        HttpRequest request = HttpRequest.newBuilder(packageUri(name))
                .timeout(config.npm().timeout())
                .header("Accept", ABBREVIATED)
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw registryDown(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw registryDown("interrupted");
        }
        if (response.statusCode() == 404) {
            throw ApiException.notFound("the npm registry has no package named " + name);
        }
        if (response.statusCode() != 200) {
            throw registryDown("it answered " + response.statusCode());
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw registryDown("its answer was not JSON");
        }
    }

    /** A conditional read of a package's abbreviated metadata: 304 when {@code etag} still holds. */
    public record Polled(int status, JsonNode metadata, String etag, long bytes) {

        public boolean notModified() {
            return status == 304;
        }
    }

    /**
     * Reads {@code name}'s abbreviated metadata with {@code If-None-Match: etag} (when there is one).
     *
     * @throws ApiException 404 when the registry has no such package, 503 when it cannot be asked
     */
    public Polled poll(String name, String etag) {
        HttpRequest.Builder request = HttpRequest.newBuilder(packageUri(name)).timeout(config.npm().timeout())
                .header("Accept", ABBREVIATED).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw registryDown(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw registryDown("interrupted");
        }
        String newEtag = response.headers().firstValue("ETag").orElse(null);
        if (response.statusCode() == 304) {
            return new Polled(304, null, etag, 0);
        }
        if (response.statusCode() == 404) {
            throw ApiException.notFound("the npm registry has no package named " + name);
        }
        if (response.statusCode() != 200) {
            throw registryDown("it answered " + response.statusCode());
        }
        try {
            return new Polled(200, mapper.readTree(response.body()), newEtag, response.body().length);
        } catch (IOException e) {
            throw registryDown("its answer was not JSON");
        }
    }

    private URI packageUri(String name) {
        String base = config.npm().registry().endsWith("/") ? config.npm().registry() : config.npm().registry() + "/";
        // Scoped names keep the @ and escape the slash, as npm does.
        return URI.create(base + name.replace("/", "%2f"));
    }

    private static ApiException registryDown(String why) {
        return new ApiException(503, "npm registry unavailable", "the npm registry could not be asked: " + why);
    }
}
