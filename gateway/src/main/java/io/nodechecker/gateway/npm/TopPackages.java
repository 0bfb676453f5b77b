package io.nodechecker.gateway.npm;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The most downloaded packages, in order, as the npm package {@code npm-high-impact} lists them
 * ({@code lib/top-download.js}), read from the registry at its latest version and kept for a day: what
 * {@code {"top": N}} tests, and the impact a regression is ranked by.
 */
@ApplicationScoped
public class TopPackages {

    private static final Logger LOG = Logger.getLogger(TopPackages.class);
    static final String PACKAGE = "npm-high-impact";
    private static final String LIST = "package/lib/top-download.js";
    private static final int MAX_TARBALL_BYTES = 8 * 1024 * 1024;
    private static final int MAX_LIST_BYTES = 4 * 1024 * 1024;
    private static final Duration KEPT = Duration.ofDays(1);
    // One name per line, quoted: the file is generated, never written by hand.
    private static final Pattern ENTRY = Pattern.compile("(?m)^\\s*'([^'\\n]{1,214})',?$");

    /** The ranking and where it came from. */
    public record Ranking(String source, List<String> names, Map<String, Integer> ranks, Instant readAt) {

        /** 1 for the most downloaded package, empty for one not in the list. */
        public Optional<Integer> rank(String name) {
            return Optional.ofNullable(ranks.get(name));
        }
    }

    private final NpmRegistry registry;
    private final HttpClient http;
    private final Duration timeout;
    private volatile Ranking ranking;

    TopPackages(NpmRegistry registry, GatewayConfig config) {
        this.registry = registry;
        this.timeout = config.npm().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The ranking, read again when a day old.
     *
     * @throws ApiException 503 when it cannot be read and none was read before
     */
    public synchronized Ranking ranking() {
        Ranking known = ranking;
        if (known != null && known.readAt().plus(KEPT).isAfter(Instant.now())) {
            return known;
        }
        try {
            ranking = read();
            return ranking;
        } catch (ApiException | IOException e) {
            if (known != null) {
                LOG.warnf("the download ranking could not be read again, the one of %s stays: %s", known.readAt(),
                        e.getMessage());
                return known;
            }
            throw new ApiException(503, "Download ranking unavailable", "the list of the most downloaded packages ("
                    + PACKAGE + ") could not be read from the npm registry: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Download ranking unavailable", "interrupted while reading " + PACKAGE);
        }
    }

    /** The ranking when one can be had, without failing the caller: an impact is a detail of a report. */
    public Optional<Ranking> ifAvailable() {
        try {
            return Optional.of(ranking());
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    private Ranking read() throws IOException, InterruptedException {
        JsonNode metadata = registry.poll(PACKAGE, null).metadata();
        String version = metadata.path("dist-tags").path("latest").asText();
        String tarball = metadata.path("versions").path(version).path("dist").path("tarball").asText();
        if (tarball.isEmpty()) {
            throw new IOException("the registry names no tarball of " + PACKAGE + "@" + version);
        }
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(tarball)).timeout(timeout)
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("its tarball answered " + response.statusCode());
            }
            bytes = body.readNBytes(MAX_TARBALL_BYTES + 1);
        }
        if (bytes.length > MAX_TARBALL_BYTES) {
            throw new IOException("its tarball is over " + MAX_TARBALL_BYTES + " bytes");
        }
        List<String> names = names(listOf(bytes));
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ranks.putIfAbsent(names.get(i), i + 1);
        }
        LOG.infof("read the download ranking of %d packages from %s@%s", names.size(), PACKAGE, version);
        return new Ranking(PACKAGE + "@" + version, List.copyOf(names), Map.copyOf(ranks), Instant.now());
    }

    private static String listOf(byte[] tarball) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarball)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (LIST.equals(entry.getName())) {
                    byte[] list = tar.readNBytes(MAX_LIST_BYTES + 1);
                    if (list.length > MAX_LIST_BYTES) {
                        throw new IOException(LIST + " is over " + MAX_LIST_BYTES + " bytes");
                    }
                    return new String(list, StandardCharsets.UTF_8);
                }
            }
        }
        throw new IOException("its tarball has no " + LIST);
    }

    static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        Matcher matcher = ENTRY.matcher(list);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
