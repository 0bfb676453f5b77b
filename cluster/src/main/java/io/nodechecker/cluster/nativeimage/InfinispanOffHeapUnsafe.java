package io.nodechecker.cluster.nativeimage;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import org.infinispan.commons.spi.OffHeapMemory;

/**
 * Infinispan's off-heap memory in a native executable is its Java 17 one (sun.misc.Unsafe): on Java 22 and later
 * it picks one that calls malloc through the Foreign Function API, whose downcalls the native build cannot link
 * here. The caches keep their entries on the heap, so neither is used; the choice only has to build.
 */
@TargetClass(className = "org.infinispan.commons.jdkspecific.OffHeapMemory")
final class InfinispanOffHeapUnsafe {

    @Substitute
    public static OffHeapMemory getInstance() {
        return UnsafeMemory.INSTANCE;
    }

    /** Infinispan's off-heap memory through sun.misc.Unsafe. */
    @TargetClass(className = "org.infinispan.commons.jdkspecific.UnsafeOffHeapMemory")
    static final class UnsafeMemory {
        @Alias
        static OffHeapMemory INSTANCE;
    }
}
