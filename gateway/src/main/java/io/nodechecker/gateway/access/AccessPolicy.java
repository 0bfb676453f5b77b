package io.nodechecker.gateway.access;

import io.nodechecker.cluster.RateLimits;
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

/**
 * Who may do what: a bearer token from the configured set to create or cancel (and to read, unless
 * reading is public), a bounded number of writes per minute per token across the whole cluster (a
 * Bucket4j bucket per token fingerprint, or per client address without tokens, in the cluster's
 * {@code rate-limits} cache), and live streams only from the gateway's own pages or allowed origins.
 */
@ApplicationScoped
public class AccessPolicy {

    private static final Logger LOG = Logger.getLogger(AccessPolicy.class);
    private static final String BEARER = "Bearer ";

    /**
     * Who is asking: {@code owner} is the fingerprint its jobs are marked with (null without a token);
     * {@code admin} may change any job. Without configured tokens everyone is admin.
     */
    public record Caller(String owner, boolean admin) {

        /** Whether this caller may change (cancel) a job created by {@code jobOwner}. */
        public boolean mayChange(String jobOwner) {
            return admin || (owner != null && owner.equals(jobOwner));
        }
    }

    private final GatewayConfig.Access config;
    private final List<byte[]> tokens;
    private final List<byte[]> adminTokens;
    private final RateLimits rates;

    AccessPolicy(GatewayConfig config, RateLimits rates) {
        this.config = config.access();
        this.rates = rates;
        this.adminTokens = this.config.adminTokens().orElse(List.of()).stream()
                .map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
        // An admin token is a write token too.
        this.tokens = java.util.stream.Stream.concat(this.config.tokens().orElse(List.of()).stream()
                        .map(token -> token.getBytes(StandardCharsets.UTF_8)), adminTokens.stream()).toList();
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
        // The bucket is keyed by the token's fingerprint: the token itself never enters the cluster.
        String key = token != null && !tokens.isEmpty() ? fingerprint(token) : "address:" + clientAddress;
        if (writes && !rates.tryTake(key, config.writesPerMinute())) {
            return Problem.of(429, "Too many requests", "more than " + config.writesPerMinute()
                    + " creating or cancelling requests in a minute, counted over every gateway; try again shortly");
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

    /** Who presents {@code authorization}; only meaningful once {@link #check} let the request through. */
    public Caller caller(String authorization) {
        if (tokens.isEmpty()) {
            return new Caller(null, true);
        }
        String token = bearer(authorization);
        if (token == null || !known(token)) {
            return new Caller(null, false);
        }
        return new Caller(fingerprint(token), in(adminTokens, token));
    }

    /** What a job remembers of the token that made it: a short SHA-256 fingerprint, never the token. */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "token:" + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean known(String token) {
        return in(tokens, token);
    }

    private static boolean in(List<byte[]> set, String token) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] known : set) {
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
}
