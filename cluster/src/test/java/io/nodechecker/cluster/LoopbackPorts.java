package io.nodechecker.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports for test members and stacks (this module's tests, the gateway's and the end-to-end suite's), chosen below the kernel's ephemeral range (32768 and up on Linux).
 * A port the kernel handed out with {@code new ServerSocket(0)} is an ephemeral one: between choosing it
 * and the member binding it, or while that member restarts on it, another member's outgoing connection
 * could take it as its source port. A port below the range is never given to an outgoing connection.
 */
public final class LoopbackPorts {

    private static final int FIRST = 20000;
    private static final int COUNT = 12000;
    // Where this JVM starts looking, so two test JVMs on one machine seldom try the same ports.
    private static int next = (int) (ProcessHandle.current().pid() * 211 % COUNT);

    private LoopbackPorts() {
    }

    /** A loopback port nothing listens on now, below the ephemeral range. */
    public static synchronized int free() {
        for (int tried = 0; tried < COUNT; tried++) {
            int port = FIRST + next;
            next = (next + 1) % COUNT;
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // somebody has it: try the next one
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + ".." + (FIRST + COUNT - 1));
    }
}
