package io.nodechecker.npm;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The npm registry's metadata API, as the gateway (which version a tag names, what was published) and the
 * runner (where a version's tarball is and its checksum) read it: one Quarkus REST Client for both. Bodies come
 * back as bytes with their status and headers, for each app to parse with its own mapper and to count; no status
 * is turned into an exception (the apps tell 404 from 304 from an outage). The tarball itself is not fetched
 * here: the runner streams it under a size bound, which a buffered client response would not give.
 */
@Path("/")
public interface NpmRegistryApi {

    /** npm's abbreviated metadata: what {@code npm install} reads, a fraction of the full document. */
    String ABBREVIATED = "application/vnd.npm.install-v1+json";

    /** A package's abbreviated metadata (dist-tags and versions); 304 while {@code etag} (may be null) still holds. */
    @GET
    @Path("{name}")
    @Produces(ABBREVIATED)
    RestResponse<byte[]> packument(@PathParam("name") @Encoded String escapedName, @HeaderParam("If-None-Match") String etag);

    /** One published version's manifest, with its {@code dist}: tarball URL, integrity, shasum. */
    @GET
    @Path("{name}/{version}")
    @Produces("application/json")
    RestResponse<byte[]> version(@PathParam("name") @Encoded String escapedName, @PathParam("version") String version);

    /** A package name as a path segment: scoped names keep the {@code @} and escape the slash, as npm does. */
    static String escape(String name) {
        return name.replace("/", "%2f");
    }

    /**
     * A client of the registry at {@code registry}, following redirects.
     *
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout    how long to wait for an answer, and then between its parts
     */
    static NpmRegistryApi at(URI registry, Duration connectTimeout, Duration readTimeout) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(registry)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(true)
                .disableDefaultMapper(true)
                .build(NpmRegistryApi.class);
    }
}
