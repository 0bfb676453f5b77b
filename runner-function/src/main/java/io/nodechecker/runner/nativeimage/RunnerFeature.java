package io.nodechecker.runner.nativeimage;

import io.nodechecker.cluster.nativeimage.Reflection;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * What a native runner must know ahead of time about docker-java: the engine's requests and answers are
 * its model and command types, which Jackson reads and writes by reflection, and it opens the engine's Unix
 * socket through the JDK's {@code UnixDomainSocketAddress}, which it finds by name (JNA is only its fallback);
 * and JGit's message bundles, whose fields it fills by name.
 */
public final class RunnerFeature implements Feature {

    @Override
    public String getDescription() {
        return "Nodechecker's runner: docker-java's model and its Unix-socket transport";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        Reflection.registerPackages(access, "com.github.dockerjava.api.", "com.github.dockerjava.core.");
        // JGit's messages: each bundle's fields are set by name from its properties.
        Class<?> bundle = access.findClassByName("org.eclipse.jgit.nls.TranslationBundle");
        access.registerSubtypeReachabilityHandler((duringAnalysis, type) -> Reflection.registerWhole(type), bundle);
        Class<?> address = access.findClassByName("java.net.UnixDomainSocketAddress");
        RuntimeReflection.register(address);
        try {
            RuntimeReflection.register(address.getMethod("of", String.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("this JDK has no UnixDomainSocketAddress.of(String)", e);
        }
    }
}
