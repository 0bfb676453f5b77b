package io.nodechecker.cluster.nativeimage;

import org.graalvm.nativeimage.hosted.Feature.FeatureAccess;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Registrations shared by the members' native features: whole types, and every type under a package. */
public final class Reflection {

    private Reflection() {
    }

    /**
     * The type's constructors, methods, fields and record components, and its superclasses' (JGroups' properties);
     * and its array type, which Jackson creates for a field or list of it.
     */
    public static void registerWhole(Class<?> type) {
        RuntimeReflection.register(type.arrayType());
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                RuntimeReflection.register(c);
                RuntimeReflection.register(c.getDeclaredConstructors());
                RuntimeReflection.register(c.getDeclaredMethods());
                RuntimeReflection.register(c.getDeclaredFields());
                if (c.isRecord()) {
                    RuntimeReflection.registerAllRecordComponents(c);
                }
            } catch (LinkageError optionalLibraryMissing) {
                // A member that names a library this image does not have (JGroups' Swing view of DISCARD).
            }
        }
    }

    /** The named types that the build's class path has, registered whole; a library left out is no error. */
    public static void registerWhole(FeatureAccess access, List<String> names) {
        for (String name : names) {
            Class<?> type = access.findClassByName(name);
            if (type != null) {
                registerWhole(type);
            }
        }
    }

    /** Every type on the build's class path whose name starts with one of the prefixes, registered whole. */
    public static void registerPackages(FeatureAccess access, String... prefixes) {
        registerWhole(access, classNames(access, name -> Stream.of(prefixes).anyMatch(name::startsWith)));
    }

    /** The names of the types on the build's class path that {@code wanted} accepts. */
    public static List<String> classNames(FeatureAccess access, Predicate<String> wanted) {
        List<String> names = new ArrayList<>();
        for (Path entry : withManifestClassPaths(access.getApplicationClassPath())) {
            for (String file : files(entry)) {
                if (!file.endsWith(".class") || file.endsWith("module-info.class")) {
                    continue;
                }
                String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
                if (name.contains(".nativeimage.")) {
                    continue; // the features themselves run only in the builder
                }
                if (wanted.test(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The entries and the jars their manifests name: a packaged app's jar names its libraries that way. */
    private static Set<Path> withManifestClassPaths(List<Path> classPath) {
        Set<Path> all = new LinkedHashSet<>();
        Deque<Path> pending = new ArrayDeque<>(classPath);
        while (!pending.isEmpty()) {
            Path entry = pending.pop().toAbsolutePath().normalize();
            if (!all.add(entry) || !Files.isRegularFile(entry)) {
                continue;
            }
            try (JarFile jar = new JarFile(entry.toFile())) {
                Manifest manifest = jar.getManifest();
                String named = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (named != null) {
                    for (String relative : named.trim().split("\\s+")) {
                        pending.add(entry.resolveSibling(relative));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    private static List<String> files(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    return walk.filter(Files::isRegularFile)
                            .map(p -> entry.relativize(p).toString().replace('\\', '/')).toList();
                }
            }
            if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    return jar.stream().map(e -> e.getName()).toList();
                }
            }
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
