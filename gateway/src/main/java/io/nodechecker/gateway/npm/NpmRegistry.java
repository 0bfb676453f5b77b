package io.nodechecker.gateway.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.constraint.PackageNames;
import io.nodechecker.npm.NpmRegistryApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.net.URI;

/**
 * Resolves what a job asks for ({@code latest}, another dist-tag, or an exact version) to the exact
 * published version, from the registry's abbreviated metadata, so an unknown package or version is
 * refused before any container starts.
 */
@ApplicationScoped
public class NpmRegistry {

    private volatile String lastProblem;

    private final NpmRegistryApi api;
    private final ObjectMapper mapper;

    NpmRegistry(GatewayConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.api = NpmRegistryApi.at(URI.create(config.npm().registry()), config.npm().timeout(), config.npm().timeout());
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
            JsonNode metadata = poll(name, null).metadata();
            lastProblem = null;
            return metadata;
        } catch (ApiException e) {
            lastProblem = e.problem().status() == 503 ? e.problem().detail() : null;
            throw e;
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
        RestResponse<byte[]> response;
        try {
            response = api.packument(NpmRegistryApi.escape(name), etag);
        } catch (ProcessingException e) {
            throw registryDown(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        if (response.getStatus() == 304) {
            return new Polled(304, null, etag, 0);
        }
        if (response.getStatus() == 404) {
            throw ApiException.notFound("the npm registry has no package named " + name);
        }
        if (response.getStatus() != 200) {
            throw registryDown("it answered " + response.getStatus());
        }
        byte[] body = response.getEntity();
        try {
            return new Polled(200, mapper.readTree(body), response.getHeaderString("ETag"), body.length);
        } catch (IOException e) {
            throw registryDown("its answer was not JSON");
        }
    }

    private static ApiException registryDown(String why) {
        return new ApiException(503, "npm registry unavailable", "the npm registry could not be asked: " + why);
    }
}
