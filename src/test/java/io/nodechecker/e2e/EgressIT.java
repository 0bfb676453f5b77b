package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where a package's code can reach while it installs: the registry, through the runner's egress proxy,
 * and nothing else. The {@code egress} fixture's install script tries the host's gateway, runner and
 * cluster ports on every address of this machine, and a listener container this test starts — directly
 * and through the proxy. With {@code network: full} (the engine's own bridge, as every install had
 * before) the same script reaches the listener and the gateway, so its probes do work; on the default
 * {@code install-only} it reaches nothing, while npm installs a real dependency from the registry.
 * Nothing is sent to link-local or outside addresses: the container's route table shows its default
 * gateway is an address no interface of this machine has, and the proxy's rules refuse every target
 * but the registry.
 */
class EgressIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestStack stack;
    private static Api api;
    private static AppProcess gateway;
    private static AppProcess runner;
    private static String listener;
    private static String listenerAddress;

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(2);
        gateway = stack.startGateway("nodechecker.gateway.max-network=full");
        api = stack.api(gateway);
        runner = stack.startRunner("nodechecker.runner.limits.max-network=full");
        api.awaitRunner();
        listener = docker("run", "-d", "--rm", "--name", "nodechecker-egress-listener-" + UUID.randomUUID(),
                NodeImages.defaultImage(), "node", "-e",
                "require('http').createServer((q, s) => s.end('listener')).listen(8080)").trim();
        listenerAddress = docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", listener).trim();
    }

    @AfterAll
    static void stop() throws Exception {
        if (listener != null) {
            docker("rm", "-f", listener);
        }
        stack.close();
        assertThat(stack.leftoverContainers()).as("job containers and egress proxies").isEmpty();
        assertThat(stack.leftoverNetworks()).as("job networks").isEmpty();
    }

    @Test
    void installingReachesTheRegistryAndNothingElse() throws Exception {
        List<Map<String, Object>> targets = targets();
        byte[] tarball = Fixtures.tarball("egress", Map.of("targets.json", JSON.writeValueAsString(targets)));

        String id = api.submitTarball(tarball, "timeoutSeconds", "60");
        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(3));
        String log = api.log(id);

        assertThat(job.path("state").asText()).as(log).isEqualTo("PASSED");
        assertThat(log).contains("xtend, installed from the registry, works").doesNotContain("LEAK:");
        List<String> probes = probes(log);
        assertThat(probes).as(log).hasSize(2 + 3 * targets.size());
        assertThat(probes.stream().filter(line -> line.endsWith(": REACHED"))).isEmpty();
        assertThat(probes).contains("probe: proxy CONNECT listener " + listenerAddress + ":8080: refused (HTTP 403)",
                "probe: proxy GET listener http://" + listenerAddress + ":8080/: refused (HTTP 403)");
        // Every destination off the job's own network goes to the default gateway, which no interface
        // of this machine has: there is no next hop, for link-local metadata addresses as for the rest.
        String route = probes.stream().filter(line -> line.startsWith("probe: route: default via ")).findFirst().orElseThrow();
        String via = route.substring("probe: route: default via ".length());
        assertThat(hostAddresses()).as("this machine's addresses").isNotEmpty().doesNotContain(via);
        // The job's container is gone; its network stays for the next attempt, one per job slot at most
        // (the runner has 2), and goes with the runner (checked after the stack closes).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stack.leftoverJobContainers()).isEmpty());
        assertThat(stack.leftoverNetworks()).hasSizeLessThanOrEqualTo(2);
        HostileRecord.record(EgressIT.class, "Install-time egress", new HostileRecord.Row(
                "`egress` package, `network: install-only`", "its `postinstall` connects to the gateway's and runner's"
                        + " HTTP and cluster ports on every address of the host, and to a listener container",
                outcomes(probes, "probe: direct "), "no network", "no network"));
        HostileRecord.record(EgressIT.class, "Install-time egress", new HostileRecord.Row(
                "the same, through the proxy npm was given", "asks the proxy for a `CONNECT` tunnel and a `GET` to each",
                outcomes(probes, "probe: proxy "), "no network", "no network"));
        HostileRecord.record(EgressIT.class, "Install-time egress", new HostileRecord.Row(
                "`npm install` of its dependency `xtend@4.0.2`", "installs from the registry through the proxy",
                job.path("state").asText() + ": the dependency installed and its test used it", "—", "—"));
    }

    /** How the probe lines that start with {@code prefix} ended, counted: {@code 12 × not reached (…)}. */
    private static String outcomes(List<String> probes, String prefix) {
        return probes.stream().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(line.lastIndexOf(": ") + 2))
                .collect(Collectors.groupingBy(outcome -> outcome, java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(entry -> entry.getValue() + " × " + entry.getKey())
                .collect(Collectors.joining(", "));
    }

    @Test
    void theSameProbesReachOutOnTheEnginesBridge() throws Exception {
        byte[] tarball = Fixtures.tarball("egress", Map.of("targets.json", JSON.writeValueAsString(targets())));

        String id = api.submitTarball(tarball, "timeoutSeconds", "60", "network", "full");
        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(3));
        String log = api.log(id);

        assertThat(job.path("state").asText()).as(log).isEqualTo("FAILED");
        assertThat(probes(log)).as(log).contains("probe: direct listener " + listenerAddress + ":8080: REACHED",
                "probe: proxy: none");
        assertThat(probes(log).stream().filter(line -> line.startsWith("probe: direct gateway-http ")
                && line.endsWith(": REACHED"))).as(log).isNotEmpty();
        HostileRecord.record(EgressIT.class, "Install-time egress", new HostileRecord.Row(
                "the same package with `network: full` (the engine's bridge, as every install had before)",
                "the same connections", job.path("state").asText() + ": " + outcomes(probes(log), "probe: direct ")
                        + " — the probes do reach what is routable", "—", "—"));
    }

    /** What the probe tries: the stack's ports on every address of this machine, and the listener. */
    private static List<Map<String, Object>> targets() throws Exception {
        List<Map<String, Object>> targets = new ArrayList<>();
        Map<String, Integer> ports = Map.of(
                "gateway-http", gateway.uri().getPort(),
                "runner-http", runner.uri().getPort(),
                "gateway-cluster", stack.clusterPort(0),
                "runner-cluster", stack.clusterPort(1));
        for (String address : hostAddresses()) {
            ports.forEach((name, port) -> targets.add(Map.of("name", name, "host", address, "port", port)));
        }
        targets.add(Map.of("name", "listener", "host", listenerAddress, "port", 8080));
        return targets;
    }

    /** This machine's IPv4 addresses but loopback (a container's loopback is its own): its LAN side and its bridges' sides. */
    private static Set<String> hostAddresses() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .map(InetAddress::getHostAddress)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static List<String> probes(String log) {
        return log.lines().map(line -> line.replaceAll("\u001B\\[[0-9;]*m", "").strip())
                .filter(line -> line.startsWith("probe: ")).toList();
    }

    private static String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
