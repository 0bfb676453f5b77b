package io.nodechecker.cluster;

import io.nodechecker.cluster.store.OutputLog;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.UUID;

/**
 * A real storage member alone in a cluster of its own, on a free loopback port, data in memory: started before
 * a test class's first test and closed after its last ({@code @RegisterExtension static final ClusterOfOne ...}).
 */
public final class ClusterOfOne implements BeforeAllCallback, AfterAllCallback {

    private ClusterNode node;
    private OutputLog output;

    @Override
    public void beforeAll(ExtensionContext context) {
        int port = LoopbackPorts.free();
        node = new ClusterNode(new TestSettings.Settings("alone-" + UUID.randomUUID(), port, "127.0.0.1[" + port + "]",
                "cluster-of-one-0123456789abcdef0123456789", null, TestSettings.Storage.DEFAULTS), "solo",
                ClusterNode.Role.STORAGE);
        output = new OutputLog(node);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (node != null) {
            node.close();
        }
    }

    /** The member's view of the jobs' output. */
    public OutputLog output() {
        return output;
    }
}
