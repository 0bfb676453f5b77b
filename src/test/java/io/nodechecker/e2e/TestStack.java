package io.nodechecker.e2e;

import io.nodechecker.cluster.LoopbackPorts;
import io.nodechecker.model.NodeLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gateways and runners of one private cluster, as real processes on loopback: a cluster name and
 * JGroups ports of its own, so it never joins a stack that runs on the same machine.
 */
final class TestStack implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("nodechecker.root", "..")).toAbsolutePath().normalize();
    static final String RUNNER_LABEL = "io.nodechecker.runner";
    /** For benchmarks whose thousands of viewers all come from this one address. */
    static final String MANY_VIEWERS = "nodechecker.gateway.live.max-connections-per-address=1000000";

    private final String cluster = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    // Every stack runs with its secrets set, as a deployment should.
    final String token = "token-" + UUID.randomUUID();
    /** The stack's admin token: only it may shut the storage down. */
    final String adminToken = "admin-token-" + UUID.randomUUID();
    private final String runnerSecret = UUID.randomUUID().toString();
    private final String clusterSecret = UUID.randomUUID().toString();
    private final List<Integer> clusterPorts = new ArrayList<>();
    private final List<AppProcess> processes = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Integer> httpPorts = new HashMap<>();
    private boolean baseline; // apps from another checkout: an earlier design
    private final Path workDir;
    // Where the apps' jars come from: this checkout, or another build of the project to compare with.
    private Path apps = ROOT;
    private boolean nativeApps = AppProcess.NATIVE;
    private int nextMember;
    private boolean profiled;
    private int recordings;
    private String addressPrefix; // 127.a.b. when each member has a loopback address of its own

    /** A stack whose cluster may grow to {@code members} processes. */
    TestStack(int members) throws IOException {
        for (int i = 0; i < members; i++) {
            clusterPorts.add(LoopbackPorts.free());
        }
        workDir = Files.createTempDirectory("nodechecker-e2e-");
    }

    /** Runs the apps built in another checkout of the project (a design to compare with). */
    TestStack appsFrom(Path checkout) {
        apps = checkout;
        baseline = true;
        return this;
    }

    /** Runs this checkout's native executables ({@code ./nodechecker native}), or its jars. */
    TestStack nativeApps(boolean nativeExecutables) {
        nativeApps = nativeExecutables;
        return this;
    }

    /** The cluster port member {@code member} binds. */
    int clusterPort(int member) {
        return clusterPorts.get(member);
    }

    Path workDir() {
        return workDir;
    }

    /** Makes every process started from now on record itself with JFR (see {@link JfrProfile}). */
    TestStack profiled() {
        profiled = true;
        return this;
    }

    /** The API of one of this stack's gateways, with the stack's token. */
    Api api(AppProcess gateway) {
        return new Api(gateway.uri(), token);
    }

    /**
     * Gives each member a loopback address of its own for its cluster traffic (127.a.b.10, .11, …), so that a
     * test can cut the traffic between two members by their addresses.
     */
    TestStack ownAddresses() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        addressPrefix = "127." + random.nextInt(2, 250) + "." + random.nextInt(1, 250) + ".";
        return this;
    }

    /** The address member {@code member} binds its cluster port to. */
    String clusterAddress(int member) {
        return addressPrefix == null ? "127.0.0.1" : addressPrefix + (10 + member);
    }

    String initialHosts() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < clusterPorts.size(); i++) {
            hosts.add(clusterAddress(i) + "[" + clusterPorts.get(i) + "]");
        }
        return String.join(",", hosts);
    }

    /** How a member was started, so that it can be started again on the same data. */
    private record Member(boolean gateway, int index, List<String> extra) {
    }

    AppProcess startGateway(String... extra) throws Exception {
        return start(new Member(true, nextMember++, List.of(extra)));
    }

    /** The processes started so far, in the order they were started. */
    List<AppProcess> processes() {
        return List.copyOf(processes);
    }

    /**
     * The usual stack: a gateway with {@code gatewayProperties}, a runner with {@code runnerProperties}, and the
     * gateway's API once its registry lists the runner.
     */
    Api startGatewayAndRunner(List<String> gatewayProperties, String... runnerProperties) throws Exception {
        Api api = api(startGateway(gatewayProperties.toArray(String[]::new)));
        startRunner(runnerProperties);
        api.awaitRunner();
        return api;
    }

    AppProcess startRunner(String... extra) throws Exception {
        return start(new Member(false, nextMember++, List.of(extra)));
    }

    /**
     * Shuts the cluster's storage down in order (every member writes the same layout of who owns what),
     * stops every process, then starts each again, in the same order, on the same data and ports.
     */
    List<AppProcess> restartAll() throws Exception {
        List<Member> again = stopAll();
        List<AppProcess> restarted = new ArrayList<>();
        for (Member member : again) {
            restarted.add(start(member));
        }
        return restarted;
    }

    /**
     * Shuts the storage down in order and stops every process, as {@link #restartAll()} does, then starts only the
     * first {@code gateways} gateways again (no runner) and returns them at once, ready or not: a scale-down.
     */
    List<AppProcess> restartFewerGateways(int gateways) throws Exception {
        List<Member> again = stopAll();
        List<AppProcess> restarted = new ArrayList<>();
        for (Member member : again) {
            if (member.gateway() && restarted.size() < gateways) {
                restarted.add(launch(member));
            }
        }
        return restarted;
    }

    /** Shuts the cluster's storage down through the first live gateway, stops every process; what was running. */
    private List<Member> stopAll() throws Exception {
        for (int i = 0; i < processes.size(); i++) {
            if (members.get(i).gateway() && processes.get(i).isAlive()) {
                Api.Answer answer = new Api(processes.get(i).uri(), adminToken).send(java.net.http.HttpRequest.newBuilder(
                        processes.get(i).uri().resolve("/api/storage/shutdown")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
                if (answer.status() != 204) {
                    throw new IllegalStateException("storage shutdown answered " + answer.status() + ": " + answer.body());
                }
                break;
            }
        }
        close();
        processes.clear();
        List<Member> again = List.copyOf(members);
        members.clear();
        return again;
    }

    /** Leaves a dead member out of later restarts: it is gone for good, as a lost machine is. */
    void forget(AppProcess dead) {
        int index = processes.indexOf(dead);
        processes.remove(index);
        members.remove(index);
    }

    /** Stops one member and starts it again on the same port and data, as a crash and restart would. */
    AppProcess restart(AppProcess process) throws Exception {
        int index = processes.indexOf(process);
        process.kill();
        processes.remove(index);
        Member member = members.remove(index);
        return start(member);
    }

    String runnerId(AppProcess runner) {
        return cluster + "-" + runner.name();
    }

    private AppProcess start(Member member) throws Exception {
        AppProcess process = launch(member);
        process.awaitReady(Duration.ofSeconds(90));
        return process;
    }

    /** Starts a runner and returns at once, ready or not: for a member that is not meant to become ready. */
    AppProcess launchRunner(String... extra) throws Exception {
        return launch(new Member(false, nextMember++, List.of(extra)));
    }

    private AppProcess launch(Member member) throws Exception {
        members.add(member);
        AppProcess process = member.gateway() ? gateway(member.index(), member.extra()) : runner(member.index(), member.extra());
        processes.add(process);
        return process;
    }

    private AppProcess gateway(int member, List<String> extra) throws Exception {
        String name = "gateway-" + member;
        List<String> props = new ArrayList<>(List.of(
                "nodechecker.gateway.cluster.name=" + cluster,
                "nodechecker.gateway.cluster.bind-address=" + clusterAddress(member),
                "nodechecker.gateway.cluster.bind-port=" + clusterPorts.get(member),
                "nodechecker.gateway.cluster.port-range=0",
                "nodechecker.gateway.cluster.initial-hosts=" + initialHosts(),
                "nodechecker.gateway.cluster.data-dir=" + workDir.resolve("data").resolve(name),
                "nodechecker.gateway.cluster.secret=" + clusterSecret,
                "nodechecker.gateway.access.tokens=" + token,
                "nodechecker.gateway.dispatch.runner-secret=" + runnerSecret));
        if (!baseline) {
            // An earlier design measured beside this one may predate admin tokens, and refuses settings it lacks.
            props.add("nodechecker.gateway.access.admin-tokens=" + adminToken);
        }
        props.addAll(extra);
        return AppProcess.start(name, AppProcess.program(apps, "gateway", nativeApps),
                httpPort(name), workDir, props, recording(name));
    }

    private AppProcess runner(int member, List<String> extra) throws Exception {
        String name = "runner-" + member;
        List<String> props = new ArrayList<>(List.of(
                "nodechecker.runner.id=" + cluster + "-" + name,
                "nodechecker.runner.capacity=2",
                "nodechecker.runner.cluster.name=" + cluster,
                "nodechecker.runner.cluster.bind-address=" + clusterAddress(member),
                "nodechecker.runner.cluster.bind-port=" + clusterPorts.get(member),
                "nodechecker.runner.cluster.port-range=0",
                "nodechecker.runner.cluster.initial-hosts=" + initialHosts(),
                "nodechecker.runner.cluster.secret=" + clusterSecret,
                "nodechecker.runner.secret=" + runnerSecret,
                // Tests reach no public git host: every https repository maps to a folder that does not exist, so
                // code auto falls back to the tarball at once; a test with a git server of its own maps its host.
                "nodechecker.runner.source.rewrites=https://=file:///nonexistent/nodechecker-test-mirror/",
                // The registry reachable here serves no signatures for corepack to check (ENVIRONMENT: its gaps).
                "nodechecker.runner.npm.signatures=false"));
        if (baseline) {
            // An earlier design's runner may default to a Node line (20) whose image this machine's provisioning no
            // longer makes: that line gets the default image (its benchmarks need a node, any); the lines
            // provisioned today keep their own.
            Map<String, String> images = new LinkedHashMap<>(Map.of("20", NodeImages.defaultImage()));
            NodeLines.supported(LocalDate.now(ZoneOffset.UTC)).forEach(major -> images.put(major, NodeImages.image(major)));
            props.add("nodechecker.runner.docker.images=" + images.entrySet().stream()
                    .map(image -> image.getKey() + "=" + image.getValue()).collect(Collectors.joining(",")));
        }
        props.addAll(extra);
        return AppProcess.start(name, AppProcess.program(apps, "runner-function", nativeApps),
                httpPort(name), workDir, props, recording(name));
    }

    private Path recording(String name) {
        return profiled ? workDir.resolve(name + "-" + (++recordings) + ".jfr") : null;
    }

    /** The HTTP port member {@code name} ({@code gateway-0}, {@code runner-1}) listens on, chosen before it starts. */
    int httpPort(String name) throws IOException {
        Integer port = httpPorts.get(name);
        if (port == null) {
            port = LoopbackPorts.free();
            httpPorts.put(name, port);
        }
        return port;
    }

    /** Job networks on the engine that belong to this stack's cluster. */
    List<String> leftoverNetworks() throws Exception {
        Process ls = new ProcessBuilder("docker", "network", "ls", "-q", "--filter",
                "label=" + RUNNER_LABEL + ".cluster=" + cluster).redirectErrorStream(true).start();
        String out = new String(ls.getInputStream().readAllBytes()).trim();
        if (ls.waitFor() != 0) {
            throw new IllegalStateException("docker network ls failed: " + out);
        }
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /** Containers on the engine that carry this stack's runner label: job containers and egress proxies. */
    List<String> leftoverContainers() throws Exception {
        return containersLabelled(RUNNER_LABEL);
    }

    /** This stack's job containers (a live runner's egress proxy is not one). */
    List<String> leftoverJobContainers() throws Exception {
        return containersLabelled(RUNNER_LABEL + ".job");
    }

    private List<String> containersLabelled(String label) throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=" + label)
                .redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes()).trim();
        if (ps.waitFor() != 0) {
            throw new IllegalStateException("docker ps failed: " + out);
        }
        List<String> mine = new ArrayList<>();
        for (String id : out.isEmpty() ? new String[0] : out.split("\\s+")) {
            Process inspect = new ProcessBuilder("docker", "inspect", "-f",
                    "{{index .Config.Labels \"" + RUNNER_LABEL + "\"}}", id).redirectErrorStream(true).start();
            String owner = new String(inspect.getInputStream().readAllBytes()).trim();
            inspect.waitFor();
            if (owner.startsWith(cluster)) {
                mine.add(id);
            }
        }
        return mine;
    }

    static void requireDockerEngine() throws Exception {
        Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true).start();
        byte[] out = info.getInputStream().readAllBytes();
        if (info.waitFor() != 0) {
            throw new IllegalStateException("these tests need a Docker engine; none answers (./nodechecker verify "
                    + "starts one):\n" + new String(out));
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        assertNoSecretLogged();
    }

    /**
     * Every process log of this stack, read for the secrets it was given: the API token, the runner
     * secret, the cluster secret, and any keystore password written out in a stack's XML.
     */
    private void assertNoSecretLogged() throws IOException {
        List<Path> logs;
        try (var files = Files.list(workDir)) {
            logs = files.filter(file -> file.getFileName().toString().endsWith(".log")).toList();
        }
        for (Path log : logs) {
            String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String secret : List.of(token, adminToken, runnerSecret, clusterSecret)) {
                if (text.contains(secret)) {
                    throw new AssertionError(log + " contains a secret the stack was given");
                }
            }
            if (Pattern.compile("(store|key)_password=\"[^\"]+\"").matcher(text).find()) {
                throw new AssertionError(log + " contains a keystore password");
            }
        }
    }
}
