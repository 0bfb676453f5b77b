package io.nodechecker.cluster;

import io.nodechecker.cluster.store.OpenJobs;
import io.nodechecker.model.Job;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jackson reads and writes the model's and the cluster's records by reflection, which a native image
 * allows only for registered classes: every record of both packages carries {@link RegisterForReflection}
 * (a nested one too, as registration does not reach nested classes). Checked on the compiled classes.
 */
class ReflectionRegistrationTest {

    @Test
    void everyRecordIsRegistered() throws Exception {
        List<Class<?>> records = new ArrayList<>();
        records.addAll(recordsBeside(Job.class));
        records.addAll(recordsBeside(OpenJobs.class));

        assertThat(records).as("records found").hasSizeGreaterThan(20);
        assertThat(records.stream().filter(type -> !type.isAnnotationPresent(RegisterForReflection.class))
                .map(Class::getName)).as("records without @RegisterForReflection").isEmpty();
    }

    /** The record classes compiled into {@code anchor}'s package directory. */
    private static List<Class<?>> recordsBeside(Class<?> anchor) throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        // A module's classes directory, or its jar when the build took it from the repository.
        FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
        Path dir = (jar == null ? root : jar.getPath("/")).resolve(anchor.getPackageName().replace('.', '/'));
        List<Class<?>> records = new ArrayList<>();
        try (jar; Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = anchor.getPackageName() + "." + file.getFileName().toString().replace(".class", "")
                        .replace("/", "");
                Class<?> type = Class.forName(name, false, anchor.getClassLoader());
                if (type.isRecord()) {
                    records.add(type);
                }
            }
        }
        return records;
    }
}
