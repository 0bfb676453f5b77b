package io.nodechecker.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * A gateway and a runner of one test class's own, for classes that need settings the shared stack does not
 * have: started before the class's first test (on the real engine, which must be there), stopped after its last.
 */
final class OwnStack implements BeforeAllCallback, AfterAllCallback {

    private final List<String> gatewayProperties;
    private final String[] runnerProperties;
    private TestStack stack;
    private Api api;

    private OwnStack(List<String> gatewayProperties, String[] runnerProperties) {
        this.gatewayProperties = gatewayProperties;
        this.runnerProperties = runnerProperties;
    }

    static OwnStack of(List<String> gatewayProperties, String... runnerProperties) {
        return new OwnStack(gatewayProperties, runnerProperties);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(2);
        api = stack.startGatewayAndRunner(gatewayProperties, runnerProperties);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** The gateway's API, with the stack's token. */
    Api api() {
        return api;
    }

    TestStack stack() {
        return stack;
    }
}
