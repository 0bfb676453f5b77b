package io.nodechecker.model.generated;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Says, next to a failed generated case, how to draw the same cases again. */
public final class PrintSeedOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.err.printf("%s failed: %s; the same cases again with -Dnodechecker.seed=%d%n",
                context.getDisplayName(), cause.getMessage(), Cases.SEED);
    }
}
