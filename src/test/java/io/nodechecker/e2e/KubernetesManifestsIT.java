package io.nodechecker.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kustomize overlay renders, every object parses strictly into fabric8's Kubernetes model (a
 * field the model does not know fails), and the deployment's invariants hold.
 */
class KubernetesManifestsIT {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayRendersIntoStrictObjectsThatKeepTheInvariants(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);

        for (HasMetadata object : objects) {
            assertThat(unknownFields(object, object.getKind() + "/" + object.getMetadata().getName())).isEmpty();
        }
        StatefulSet gateway = one(objects, StatefulSet.class);
        DaemonSet runner = one(objects, DaemonSet.class);
        assertThat(gateway.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        // The storage members keep their data on volumes of their own, the one the data directory is on.
        assertThat(gateway.getSpec().getVolumeClaimTemplates()).extracting(claim -> claim.getMetadata().getName())
                .containsExactly("data");
        assertThat(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getName() + ":" + mount.getMountPath()).isEqualTo("data:/data"));
        assertThat(gateway.getSpec().getServiceName()).isEqualTo("nodechecker-cluster");
        assertThat(kinds(objects)).contains("Service", "Ingress", "PodDisruptionBudget", "NetworkPolicy", "Secret",
                "ConfigMap", "ServiceAccount");
        assertThat(runner.getSpec().getTemplate().getSpec().getNodeSelector()).containsKey("nodechecker.io/docker-host");
        for (PodSpec pod : List.of(gateway.getSpec().getTemplate().getSpec(), runner.getSpec().getTemplate().getSpec())) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            for (Container container : pod.getContainers()) {
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
                assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
                assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            }
        }
        assertThat(mountsDockerSocket(gateway.getSpec().getTemplate().getSpec())).isFalse();
        assertThat(mountsDockerSocket(runner.getSpec().getTemplate().getSpec())).isTrue();
        for (ConfigMap config : all(objects, ConfigMap.class)) {
            assertThat(config.getData().keySet()).noneMatch(key -> key.matches("(?i).*(secret|token|password).*"));
        }
    }

    private static boolean mountsDockerSocket(PodSpec pod) {
        return pod.getVolumes().stream().anyMatch(v -> v.getHostPath() != null
                && v.getHostPath().getPath().endsWith("docker.sock"));
    }

    private static List<HasMetadata> render(String overlay) throws Exception {
        Path copy = Files.createTempDirectory("k8s-");
        copyTree(TestStack.ROOT.resolve("k8s"), copy);
        // The prod overlay reads its secrets from files kept out of the repository; examples stand in.
        try (Stream<Path> examples = Files.list(copy.resolve("overlays/prod/secrets"))) {
            for (Path example : examples.filter(p -> p.toString().endsWith(".example")).toList()) {
                Files.copy(example, Path.of(example.toString().replaceFirst("\\.example$", "")));
            }
        }
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", copy.resolve("overlays").resolve(overlay).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String yaml = new String(kubectl.getInputStream().readAllBytes());
        assertThat(kubectl.waitFor()).as("kubectl kustomize %s", overlay).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---$")) {
            if (!document.isBlank()) {
                objects.add(Serialization.unmarshal(document));
            }
        }
        return objects;
    }

    /** Paths of fields the model did not know: fabric8 keeps them aside instead of failing. */
    private static List<String> unknownFields(Object value, String path) throws Exception {
        List<String> unknown = new ArrayList<>();
        if (value instanceof KubernetesResource || value != null && value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (Method getter : value.getClass().getMethods()) {
                if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                    continue;
                }
                Object field = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) field).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    unknown.addAll(unknownFields(field, path + "." + getter.getName().substring(3)));
                }
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknown.addAll(unknownFields(entry.getValue(), path + "." + entry.getKey()));
            }
        }
        return unknown;
    }

    private static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).toList();
    }

    private static <T> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = all(objects, type);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
