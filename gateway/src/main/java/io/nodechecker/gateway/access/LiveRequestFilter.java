package io.nodechecker.gateway.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.gateway.problem.Problems;
import io.nodechecker.model.Problem;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a live-stream request before the WebSocket upgrade when it cannot be served: a page from
 * another origin is 403, an unknown job 404, a {@code from} that is not a whole number of 0 or more
 * 400, one connection too many from an address 429, each with a problem body. Who may read was
 * decided before, by Quarkus Security (a token, or a {@link LiveTickets ticket} for the job).
 */
@ApplicationScoped
public class LiveRequestFilter {

    private static final Pattern LIVE_PATH = Pattern.compile("^/api/jobs/([^/]+)/live$");
    private static final Pattern FROM = Pattern.compile("^[0-9]{1,18}$");

    private final JobStore jobs;
    private final ObjectMapper mapper;
    private final AllowedOrigins origins;
    private final LiveConnections connections;
    // Connections that hold a place, so a keep-alive connection asking twice is counted once.
    private final Map<HttpConnection, String> counted = new ConcurrentHashMap<>();

    LiveRequestFilter(JobStore jobs, ObjectMapper mapper, AllowedOrigins origins, LiveConnections connections) {
        this.connections = connections;
        this.jobs = jobs;
        this.mapper = mapper;
        this.origins = origins;
    }

    /** The {@code from} of a query string; 0 when absent. Validated by the filter first. */
    public static long from(String query) {
        String value = fromParameter(query);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static String fromParameter(String query) {
        return parameter(query, "from");
    }

    private static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
            if (pair.equals(name)) {
                return "";
            }
        }
        return null;
    }

    void install(@Observes Router router) {
        // Ahead of the WebSocket endpoint's own route, so a refusal comes before any upgrade, and after
        // Quarkus Security's authentication (-200) and authorization (-100): who may read was decided.
        router.route().order(-50).handler(this::check);
    }

    void check(RoutingContext rc) {
        Matcher live = LIVE_PATH.matcher(rc.normalizedPath());
        if (!live.matches()) {
            rc.next();
            return;
        }
        if (!origins.allows(rc.request().getHeader("Origin"), rc.request().getHeader("Host"))) {
            refuse(rc, Problem.of(403, "Forbidden", "pages from " + rc.request().getHeader("Origin")
                    + " may not open live streams on this gateway"));
            return;
        }
        String address = rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
        String from = fromParameter(rc.request().query());
        if (from != null && !FROM.matcher(from).matches()) {
            refuse(rc, Problem.of(400, "Invalid from", "from must be a sequence number: a whole number of 0 or more"));
            return;
        }
        // The place is the connection's: the upgraded socket lives on it and gives the place back when
        // it closes, whether the stream ended, the viewer left or the upgrade never happened.
        HttpConnection connection = rc.request().connection();
        if (!counted.containsKey(connection)) {
            if (!connections.take(address)) {
                refuse(rc, Problem.of(429, "Too many live streams", "at most " + connections.max() + " live streams from"
                        + " one address on this gateway (live.max-connections-per-address); close one first"));
                return;
            }
            counted.put(connection, address);
            connection.closeHandler(closed -> {
                String owner = counted.remove(connection);
                if (owner != null) {
                    connections.release(owner);
                }
            });
        }
        String jobId = live.group(1);
        rc.vertx().executeBlocking(() -> jobs.find(jobId).isPresent()).onComplete(found -> {
            if (found.succeeded() && found.result()) {
                rc.next();
            } else {
                refuse(rc, Problem.of(404, "Not found", "no job with id " + jobId));
            }
        });
    }

    private void refuse(RoutingContext rc, Problem problem) {
        Problems.send(rc, problem, mapper);
    }
}
