package io.nodechecker.gateway.live;

import io.quarkus.websockets.next.CloseReason;
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
    private final LiveConnections connections;

    LiveOutputSocket(LiveRelay relay, LiveConnections connections) {
        this.relay = relay;
        this.connections = connections;
    }

    @OnOpen
    public void open(WebSocketConnection connection) {
        if (!connections.opened(address(connection))) {
            connection.close(new CloseReason(1008, "at most " + connections.max()
                    + " live streams from one address on this gateway")).subscribe().with(ok -> { }, failed -> { });
            return;
        }
        long from = LiveRequestFilter.from(connection.handshakeRequest().query());
        relay.open(connection, connection.pathParam("id"), from);
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        connections.closed(address(connection));
        relay.closed(connection);
    }

    private static String address(WebSocketConnection connection) {
        return LiveConnections.host(connection.handshakeRequest().remoteAddress());
    }
}
