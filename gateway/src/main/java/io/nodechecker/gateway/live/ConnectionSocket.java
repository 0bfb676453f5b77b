package io.nodechecker.gateway.live;

import io.micrometer.core.instrument.Counter;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.runtime.WebSocketConnectionBase;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketBase;
import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A viewer's WebSockets Next connection, written to through the Vert.x WebSocket beneath it. WebSockets
 * Next sends only text it encodes itself, one {@code Uni} per send; a frame encoded once for every
 * viewer ({@link LiveFrame}) has to be written below it. Opening, security and closing stay with
 * WebSockets Next.
 */
// A native executable keeps the accessor that WEB_SOCKET looks up by name.
@RegisterForReflection(targets = WebSocketConnectionBase.class, methods = true, fields = false)
final class ConnectionSocket implements ViewerSocket {

    private static final Logger LOG = Logger.getLogger(ConnectionSocket.class);
    // WebSockets Next keeps its Vert.x WebSocket package-private (WebSocketConnectionBase.webSocket()).
    private static final MethodHandle WEB_SOCKET = webSocketAccessor();

    private final WebSocketConnection connection;
    private final WebSocketBase socket;
    private final Counter sentBytes;

    ConnectionSocket(WebSocketConnection connection, Counter sentBytes) {
        this.connection = connection;
        this.socket = webSocketOf(connection);
        this.sentBytes = sentBytes;
    }

    @Override
    public Future<Void> write(LiveFrame frame) {
        sentBytes.increment(frame.size());
        return frame.writeTo(socket);
    }

    @Override
    public void close(int code, String reason) {
        if (code == ViewerOutbox.TRY_AGAIN) {
            LOG.debugf("viewer %s of %s: %s", connection.id(), connection.pathParam("id"), reason);
        }
        connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("closing viewer %s: %s", connection.id(), failure.getMessage()));
    }

    private static WebSocketBase webSocketOf(WebSocketConnection connection) {
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (Throwable e) {
            throw new IllegalStateException("the Vert.x WebSocket of connection " + connection.id(), e);
        }
    }

    private static MethodHandle webSocketAccessor() {
        try {
            return MethodHandles.privateLookupIn(WebSocketConnectionBase.class, MethodHandles.lookup())
                    .findVirtual(WebSocketConnectionBase.class, "webSocket", MethodType.methodType(WebSocketBase.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Quarkus has no WebSocketConnectionBase.webSocket(): "
                    + "ConnectionSocket needs a way to the Vert.x WebSocket beneath a connection", e);
        }
    }
}
