package io.nodechecker.gateway.live;

import io.nodechecker.gateway.access.LiveRequestFilter;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code WS /api/jobs/{id}/live?from=N}: the job's output from chunk N, then live, then the result,
 * then a normal close. {@link LiveRequestFilter} has refused bad requests before the upgrade.
 */
@WebSocket(path = "/api/jobs/{id}/live")
public class LiveOutputSocket {

    private final LiveRelay relay;

    LiveOutputSocket(LiveRelay relay) {
        this.relay = relay;
    }

    @OnOpen
    public void open(WebSocketConnection connection) {
        long from = LiveRequestFilter.from(connection.handshakeRequest().query());
        relay.open(connection, connection.pathParam("id"), from);
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        relay.closed(connection);
    }
}
