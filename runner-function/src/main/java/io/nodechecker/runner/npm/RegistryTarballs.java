package io.nodechecker.runner.npm;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.npm.NpmRegistryApi;
import io.nodechecker.runner.config.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Downloads the published tarball of an exact package version for the runner itself, and checks it
 * against the registry's integrity hash as npm does. Where the tarball is and its hash come from the
 * registry's metadata API ({@link NpmRegistryApi}, the gateway's client too); the tarball is streamed here,
 * bounded by {@code limits.package-mb}. The job container then only unpacks it: no npm
 * process runs before install, and the runner reads the manifest from the bytes it already holds.
 */
@ApplicationScoped
public class RegistryTarballs {

    private final HttpClient http;
    private final NpmRegistryApi api;
    private final RunnerConfig config;

    RegistryTarballs(RunnerConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(config.npm().connectTimeout()).build();
        this.api = NpmRegistryApi.at(URI.create(config.npm().registry()), config.npm().connectTimeout(),
                config.limits().fetch());
    }

    /** The version's manifest as the registry publishes it, and its tarball, checked against its integrity. */
    public record Published(JsonNode manifest, byte[] tarball) {

        public String integrity() {
            String integrity = manifest.path("dist").path("integrity").asText("");
            return integrity.isEmpty() ? "sha1-" + manifest.path("dist").path("shasum").asText("") : integrity;
        }
    }

    /** The manifest and checked tarball of {@code name@version}; {@link FetchFailed} says why not. */
    public Published fetch(String name, String version, Duration limit) throws InterruptedException {
        JsonNode manifest = manifest(name, version);
        JsonNode dist = manifest.path("dist");
        String tarball = dist.path("tarball").asText("");
        if (!tarball.startsWith("https://") && !tarball.startsWith("http://")) {
            throw new FetchFailed(true, "the registry names no tarball for " + name + "@" + version);
        }
        byte[] bytes = get(URI.create(tarball), limit, config.limits().packageMb() * 1024 * 1024, name + "@" + version);
        verify(dist, bytes, name + "@" + version);
        return new Published(manifest, bytes);
    }

    /** The version's manifest from the registry's metadata API; the version is exact (the gateway checked it). */
    public JsonNode manifest(String name, String version) {
        String what = name + "@" + version;
        RestResponse<byte[]> response;
        try {
            response = api.version(NpmRegistryApi.escape(name), version);
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FetchFailed(false, "the registry could not be reached for " + what + ": " + cause.getMessage());
        }
        if (response.getStatus() == 404) {
            throw new FetchFailed(true, "the registry has no " + what);
        }
        if (response.getStatus() != 200) {
            throw new FetchFailed(false, "the registry answered " + response.getStatus() + " for the metadata of " + what);
        }
        try {
            return Json.MAPPER.readTree(response.getEntity());
        } catch (IOException e) {
            throw new FetchFailed(false, "the registry's metadata of " + what + " is not JSON");
        }
    }

    /** Streams {@code uri} (the tarball) into memory, refusing it past {@code maxBytes}. */
    private byte[] get(URI uri, Duration limit, long maxBytes, String what) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(limit).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404) {
                    throw new FetchFailed(true, "the registry has no " + what);
                }
                if (response.statusCode() != 200) {
                    throw new FetchFailed(false, "the registry answered " + response.statusCode() + " for " + uri);
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new FetchFailed(true, what + " is larger than " + maxBytes / (1024 * 1024) + " MiB");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new FetchFailed(false, "the registry could not be reached for " + what + ": " + e.getMessage());
        }
    }

    /** Checks the sha512 of the dist's {@code integrity} (SRI), or its sha1 {@code shasum} for old packages. */
    static void verify(JsonNode dist, byte[] bytes, String what) {
        for (String hash : dist.path("integrity").asText("").split("\\s+")) {
            if (hash.startsWith("sha512-")) {
                byte[] expected = Base64.getDecoder().decode(hash.substring("sha512-".length()));
                check(MessageDigest.isEqual(expected, digest("SHA-512", bytes)), what);
                return;
            }
        }
        String shasum = dist.path("shasum").asText("");
        if (shasum.matches("[0-9a-fA-F]{40}")) {
            check(MessageDigest.isEqual(HexFormat.of().parseHex(shasum.toLowerCase()), digest("SHA-1", bytes)), what);
            return;
        }
        throw new FetchFailed(true, "the registry gives no sha512 or sha1 for " + what + ", so it cannot be checked");
    }

    private static void check(boolean matches, String what) {
        if (!matches) {
            // A transfer gone wrong or a tampered copy: another attempt fetches it again.
            throw new FetchFailed(false, "the tarball of " + what + " does not match the registry's checksum");
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a tarball could not be had; {@code permanent} when another attempt would fail the same way. */
    public static final class FetchFailed extends RuntimeException {

        private final boolean permanent;

        public FetchFailed(boolean permanent, String message) {
            super(message);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
