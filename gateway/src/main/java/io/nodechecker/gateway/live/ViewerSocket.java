package io.nodechecker.gateway.live;

import io.vertx.core.Future;

/** A viewer's socket: the last stage of the live pipeline. */
interface ViewerSocket {

    /** Writes one message; the future completes when it has left, and fails when the viewer is gone. */
    Future<Void> write(LiveFrame frame);

    void close(int code, String reason);
}
