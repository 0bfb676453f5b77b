package io.nodechecker.gateway.access;

import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live streams open on this gateway per client address, at most {@code live.max-connections-per-address}:
 * one address cannot hold the relay's sockets for everyone. Counted per gateway, because a socket is
 * one gateway's: the request filter takes a place for the connection before the upgrade (or refuses it
 * with 429) and gives it back when that connection closes, however it ends.
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

    /** Takes a place for one more stream from {@code address}; false, taking nothing, at the cap. */
    boolean take(String address) {
        boolean[] taken = {false};
        open.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a place {@link #take} gave. */
    void release(String address) {
        open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
}
