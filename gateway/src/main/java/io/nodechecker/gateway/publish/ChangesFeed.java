package io.nodechecker.gateway.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.store.FollowState;
import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The registry's replication feed ({@code /registry/_changes}, CouchDB's shape: {@code results} of
 * {@code {seq, id, deleted}} and {@code last_seq}). It carries no documents and no server-side
 * filter, so the changes are filtered here by scope and name pattern and each package that passes is
 * handed on to be polled. Without a checkpoint the feed starts at the database's {@code update_seq}:
 * a new follower does not replay the registry's history. The checkpoint is kept in the cluster.
 */
@ApplicationScoped
public class ChangesFeed {

    private static final Logger LOG = Logger.getLogger(ChangesFeed.class);

    private final GatewayConfig config;
    private final FollowState state;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private volatile Instant lastRead = Instant.EPOCH;

    ChangesFeed(GatewayConfig config, FollowState state, ObjectMapper mapper) {
        this.config = config;
        this.state = state;
        this.mapper = mapper;
    }

    /** Reads the changes since the checkpoint, when the feed is due, and hands on the names that pass the filters. */
    void read(Consumer<String> changed) {
        GatewayConfig.Watch.Feed feed = config.watch().feed();
        if (lastRead.plus(feed.interval()).isAfter(Instant.now())) {
            return;
        }
        lastRead = Instant.now();
        try {
            String since = state.feedSince().orElse(null);
            if (since == null) {
                String start = get(URI.create(feed.url().replaceFirst("/_changes/?$", "/"))).path("update_seq").asText(null);
                if (start != null) {
                    state.feedSince(start);
                    LOG.infof("following the replication feed from sequence %s", start);
                }
                return;
            }
            JsonNode changes = get(URI.create(feed.url() + "?since=" + encode(since) + "&limit=" + feed.limit()));
            for (JsonNode change : changes.path("results")) {
                String name = change.path("id").asText("");
                if (!change.path("deleted").asBoolean(false) && followed(name)) {
                    changed.accept(name);
                }
            }
            String last = changes.path("last_seq").asText(null);
            if (last != null) {
                state.feedSince(last);
            }
        } catch (IOException e) {
            LOG.warnf("the replication feed %s could not be read: %s", feed.url(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a changed package is one the feed settings follow: in a listed scope, or matching a name pattern. */
    boolean followed(String name) {
        GatewayConfig.Watch.Feed feed = config.watch().feed();
        List<String> scopes = feed.scopes().orElse(List.of());
        List<String> names = feed.names().orElse(List.of());
        return scopes.stream().anyMatch(scope -> name.startsWith(scope.endsWith("/") ? scope : scope + "/"))
                || names.stream().anyMatch(pattern -> Pattern.compile(pattern).matcher(name).matches());
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(config.npm().timeout())
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return mapper.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
