package io.nodechecker.cli;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A gateway on a loopback port that answers as a test scripts it: {@code POST /api/jobs} with a fixed
 * job, and each live connection with what {@code live} sends. It records the live paths asked for.
 */
final class FakeGateway implements AutoCloseable {

    final List<String> livePaths = new CopyOnWriteArrayList<>();
    private final Vertx vertx;
    private final HttpServer server;

    FakeGateway(Vertx vertx, String submitted, Consumer<ServerWebSocket> live) throws Exception {
        this.vertx = vertx;
        this.server = vertx.createHttpServer()
                .webSocketHandler(socket -> {
                    livePaths.add(socket.uri());
                    live.accept(socket);
                })
                .requestHandler(request -> request.response().setStatusCode(202)
                        .putHeader("Content-Type", "application/json").end(submitted))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String output(long seq, String stream, String data) {
        return "{\"type\":\"output\",\"seq\":" + seq + ",\"stream\":\"" + stream + "\",\"data\":\"" + data + "\"}";
    }

    static String result(String outcome) {
        return "{\"type\":\"result\",\"outcome\":\"" + outcome + "\",\"reason\":\"npm test said so\","
                + "\"job\":{\"version\":\"4.0.2\"}}";
    }
}
