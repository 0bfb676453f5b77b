package io.nodechecker.gateway.batch;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How many callback deliveries this gateway has under way, per destination (scheme, host and port) and in
 * all, so that receivers that never answer hold up only their own callbacks and a bounded number of
 * connections and timers.
 */
final class CallbackLanes {

    private final int perDestination;
    private final int inAll;
    private final Map<String, Integer> underWay = new HashMap<>();
    private int total;

    CallbackLanes(int perDestination, int inAll) {
        this.perDestination = perDestination;
        this.inAll = inAll;
    }

    /** Takes a place for a delivery to {@code destination}; false when there is none free. */
    synchronized boolean tryEnter(String destination) {
        if (total >= inAll || underWay.getOrDefault(destination, 0) >= perDestination) {
            return false;
        }
        underWay.merge(destination, 1, Integer::sum);
        total++;
        return true;
    }

    /** Gives back a place taken by {@link #tryEnter}. */
    synchronized void leave(String destination) {
        underWay.computeIfPresent(destination, (key, count) -> count > 1 ? count - 1 : null);
        total--;
    }

    /** Where a callback URL goes, as the lanes count it. */
    static String destination(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
