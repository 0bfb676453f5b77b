package io.nodechecker.gateway.access;

import io.nodechecker.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The configured API tokens ({@code access.tokens}, {@code access.admin-tokens}), compared in constant
 * time, and the fingerprint that stands for a token wherever it is remembered (a job's owner, a rate
 * bucket): never the token itself.
 */
@ApplicationScoped
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class);

    private final List<byte[]> tokens;
    private final List<byte[]> adminTokens;

    @Inject
    AccessTokens(GatewayConfig config) {
        this(config.access().tokens().orElse(List.of()), config.access().adminTokens().orElse(List.of()));
    }

    AccessTokens(List<String> tokens, List<String> adminTokens) {
        this.adminTokens = adminTokens.stream().map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
        // An admin token is a write token too.
        this.tokens = Stream.concat(tokens.stream().map(token -> token.getBytes(StandardCharsets.UTF_8)),
                this.adminTokens.stream()).toList();
    }

    void warnWhenOpen(@Observes StartupEvent event) {
        if (open()) {
            LOG.warn("nodechecker.gateway.access.tokens is not set: anyone who reaches this gateway may create jobs");
        }
    }

    /** Whether no token is configured: then anyone may do anything. */
    public boolean open() {
        return tokens.isEmpty();
    }

    public boolean known(String token) {
        return in(tokens, token);
    }

    public boolean admin(String token) {
        return in(adminTokens, token);
    }

    /** What a job remembers of the token that made it: a short SHA-256 fingerprint, never the token. */
    public static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "token:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean in(List<byte[]> set, String token) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] known : set) {
            match |= MessageDigest.isEqual(known, presented); // every token compared: no early exit to time
        }
        return match;
    }
}
