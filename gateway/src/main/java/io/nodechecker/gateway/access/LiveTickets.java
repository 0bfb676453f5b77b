package io.nodechecker.gateway.access;

import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Short-lived, job-scoped tickets for the live WebSocket. A browser cannot send {@code Authorization}
 * on a WebSocket, so with private reads the job page first asks {@code GET /api/jobs/{id}/live-ticket}
 * with its token and then opens {@code /live?ticket=…}. A ticket is the expiry and an HMAC-SHA256 of
 * job and expiry, keyed from the cluster secret, so every gateway of the cluster accepts it (without a
 * cluster secret the key is this process's own). It opens one job's stream for {@link #TTL}.
 */
@ApplicationScoped
public class LiveTickets {

    static final Duration TTL = Duration.ofSeconds(60);

    /** A ticket and when it stops opening the stream. */
    public record Ticket(String ticket, Instant expiresAt) {
    }

    private final byte[] key;

    @Inject
    LiveTickets(GatewayConfig config) {
        this(config.cluster().secret().map(secret -> derive(secret, config.cluster().name())).orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }));
    }

    LiveTickets(byte[] key) {
        this.key = key.clone();
    }

    public Ticket issue(String jobId, Instant now) {
        long expires = now.plus(TTL).getEpochSecond();
        return new Ticket(expires + "." + sign(jobId, expires), Instant.ofEpochSecond(expires));
    }

    /** Whether {@code ticket} opens {@code jobId}'s stream at {@code now}. */
    public boolean opens(String ticket, String jobId, Instant now) {
        int dot = ticket == null ? -1 : ticket.indexOf('.');
        if (dot < 1) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(ticket.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] presented = ticket.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = sign(jobId, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented) && now.getEpochSecond() <= expires;
    }

    private String sign(String jobId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((jobId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] derive(String secret, String clusterName) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(("nodechecker live tickets\n" + clusterName).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
