package io.nodechecker.cluster.nativeimage;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.infinispan.metrics.impl.MetricsRegistry;

/**
 * In a native executable Infinispan keeps no metrics of its own: its metrics factory would reach Micrometer's
 * Prometheus registry by name, a class the apps do not have (the apps publish their own metrics), and a native
 * build must resolve every class a reachable method names. On the JVM the factory looks and finds nothing.
 */
@TargetClass(className = "org.infinispan.metrics.impl.MetricsComponentFactory")
final class InfinispanMetricsOff {

    @Substitute
    private MetricsRegistry createMetricRegistry(ClassLoader loader) {
        return NoMetrics.NO_OP_INSTANCE;
    }

    /** Infinispan's own registry that records nothing. */
    @TargetClass(className = "org.infinispan.metrics.impl.NoMetricRegistry")
    static final class NoMetrics {
        @Alias
        static MetricsRegistry NO_OP_INSTANCE;
    }
}
