package io.nodechecker.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One gateway and one runner shared by every test class that uses this extension, started once and
 * stopped when the whole run ends; at that point no container of theirs may be left on the engine.
 */
final class SharedStack implements BeforeAllCallback, ParameterResolver {

    /** The shared processes, for tests to talk to. */
    record Running(TestStack stack, AppProcess gateway, AppProcess runner, Api api)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            stack.close();
            var left = stack.leftoverContainers();
            if (!left.isEmpty()) {
                throw new AssertionError("containers left on the engine after the suite: " + left);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        running(context);
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static Running start() {
        try {
            TestStack.requireDockerEngine();
            TestStack stack = new TestStack(2);
            AppProcess gateway = stack.startGateway();
            AppProcess runner = stack.startRunner();
            Api api = stack.api(gateway);
            api.awaitRunner(); // ready means announced; wait until the gateway sees it
            return new Running(stack, gateway, runner, api);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the shared stack: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }
}
