package io.nodechecker.gateway.live;

import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live streams open on this gateway per client address, at most {@code live.max-connections-per-address}:
 * one address cannot hold the relay's sockets for everyone. Counted per gateway, because a socket is
 * one gateway's; the request filter refuses the upgrade at the cap, and an open past it (several
 * upgrades racing) is closed at once.
 */
@ApplicationScoped
public class LiveConnections {

    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final int max;

    @Inject
    LiveConnections(GatewayConfig config) {
        this(config.live().maxConnectionsPerAddress());
    }

    LiveConnections(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Whether {@code address} may open one more. */
    boolean hasRoom(String address) {
        return open.getOrDefault(address, 0) < max;
    }

    /** Counts an opened socket; false when it is one past the cap (it must be closed, and is counted until it is). */
    boolean opened(String address) {
        return open.merge(address, 1, Integer::sum) <= max;
    }

    void closed(String address) {
        open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    /** The host part of a socket address as Vert.x writes it: {@code 10.0.0.7:41234}, {@code [::1]:41234}. */
    static String host(String remoteAddress) {
        if (remoteAddress == null) {
            return "unknown";
        }
        int colon = remoteAddress.lastIndexOf(':');
        String host = colon > 0 && remoteAddress.indexOf(':') == colon || remoteAddress.startsWith("[")
                ? remoteAddress.substring(0, colon) : remoteAddress;
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
