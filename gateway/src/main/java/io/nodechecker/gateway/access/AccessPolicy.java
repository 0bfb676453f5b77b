package io.nodechecker.gateway.access;

import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may do what: a bearer token from the configured set to create or cancel (and to read, unless
 * reading is public), a bounded number of writes per minute per token, and live streams only from
 * the gateway's own pages or allowed origins.
 */
@ApplicationScoped
public class AccessPolicy {

    private static final Logger LOG = Logger.getLogger(AccessPolicy.class);
    private static final String BEARER = "Bearer ";

    private final GatewayConfig.Access config;
    private final List<byte[]> tokens;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    AccessPolicy(GatewayConfig config) {
        this.config = config.access();
        this.tokens = this.config.tokens().orElse(List.of()).stream()
                .map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    }

    void warnWhenOpen(@Observes StartupEvent event) {
        if (tokens.isEmpty()) {
            LOG.warn("nodechecker.gateway.access.tokens is not set: anyone who reaches this gateway may create jobs");
        }
    }

    /** Why a request may not be served, or {@code null} when it may. */
    public Problem check(boolean writes, String authorization, String clientAddress) {
        boolean needsToken = !tokens.isEmpty() && (writes || !config.publicRead());
        String token = bearer(authorization);
        if (needsToken && (token == null || !known(token))) {
            return Problem.of(401, "Unauthorized", token == null
                    ? "this request needs an Authorization: Bearer <token> header"
                    : "the bearer token is not one this gateway knows");
        }
        if (writes && !withinRate(token != null && !tokens.isEmpty() ? "token:" + token : "address:" + clientAddress)) {
            return Problem.of(429, "Too many requests", "more than " + config.writesPerMinute()
                    + " creating or cancelling requests in a minute; try again in a minute");
        }
        return null;
    }

    /** Whether a page from {@code origin} may open a live stream on a gateway reached as {@code host}. */
    public boolean originAllowed(String origin, String host) {
        if (origin == null) {
            return true; // not a browser: the CLI, a test, a server
        }
        if (config.allowedOrigins().orElse(List.of()).contains(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean known(String token) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] known : tokens) {
            match |= MessageDigest.isEqual(known, presented); // every token compared: no early exit to time
        }
        return match;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private boolean withinRate(String key) {
        long minute = System.currentTimeMillis() / 60_000;
        Window window = windows.compute(key, (k, w) -> w == null || w.minute != minute ? new Window(minute, 1)
                : new Window(minute, w.count + 1));
        if (windows.size() > 10_000) {
            windows.values().removeIf(w -> w.minute != minute);
        }
        return window.count <= config.writesPerMinute();
    }

    private record Window(long minute, int count) {
    }
}
