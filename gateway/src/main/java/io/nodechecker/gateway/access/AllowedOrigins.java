package io.nodechecker.gateway.access;

import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.List;

/** Which pages may open live streams: the gateway's own, and those listed in {@code access.allowed-origins}. */
@ApplicationScoped
public class AllowedOrigins {

    private final List<String> allowed;

    AllowedOrigins(GatewayConfig config) {
        this.allowed = config.access().allowedOrigins().orElse(List.of());
    }

    /** Whether a page from {@code origin} may open a live stream on a gateway reached as {@code host}. */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true; // not a browser: the CLI, a test, a server
        }
        if (allowed.contains(origin)) {
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
}
