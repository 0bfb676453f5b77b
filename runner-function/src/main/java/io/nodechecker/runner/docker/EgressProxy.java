package io.nodechecker.runner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.identity.RunnerIdentity;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The way out of an installing job: each running job is alone on an internal Docker network, without an
 * address on the host's side ({@code inhibit_ipv4}), so nothing on it reaches the host, other
 * containers, the LAN or link-local addresses; the only other member of that network is this runner's
 * proxy (tinyproxy), which also sits on {@code egress.network} and forwards only to the registry's
 * scheme, host and port ({@link EgressRules}). npm follows the proxy settings the container gets; a
 * script that ignores them reaches nothing.
 */
@ApplicationScoped
public class EgressProxy {

    private static final Logger LOG = Logger.getLogger(EgressProxy.class);

    private final DockerClient docker;
    private final RunnerConfig config;
    private final RunnerIdentity identity;
    private final EgressRules rules;
    private String proxyId; // guarded by this
    // Networks to the proxy not in use now (guarded by this), and every network of the pool, in use or not.
    private final Deque<Pooled> free = new ArrayDeque<>();
    private final Set<String> pooled = ConcurrentHashMap.newKeySet();

    EgressProxy(DockerClient docker, RunnerConfig config, RunnerIdentity identity) {
        this.docker = docker;
        this.config = config;
        this.identity = identity;
        List<String> allowed = new ArrayList<>(List.of(config.npm().registry()));
        config.egress().allow().ifPresent(allowed::addAll);
        this.rules = new EgressRules(allowed);
    }

    /** Whether {@code containerId} is the proxy this runner uses now (the janitor keeps it). */
    public synchronized boolean isCurrent(String containerId) {
        return containerId.equals(proxyId);
    }

    /**
     * A network to the proxy for one attempt, alone on it while it runs. Networks are kept for the next
     * attempt once their container is gone (creating one, attaching the proxy, detaching it and removing
     * the network cost the engine more than a short job's own exec): at most one per job slot in use at
     * once, each holding nothing but the proxy whenever it is handed out.
     */
    public ContainerNetwork open() {
        String proxy = runningProxy();
        Pooled network = take(proxy);
        Pooled taken = network != null ? network : create(proxy);
        return new ContainerNetwork(taken.name(), taken.env(), () -> giveBack(taken));
    }

    /** Whether {@code networkId} is one of this runner's networks to the proxy (the janitor keeps them). */
    public boolean isPooled(String networkId) {
        return pooled.contains(networkId);
    }

    /** A network to the proxy {@code proxy}, which has the address in {@code env} on it. */
    private record Pooled(String id, String name, String proxy, List<String> env) {
    }

    private synchronized Pooled take(String proxy) {
        for (Pooled candidate = free.poll(); candidate != null; candidate = free.poll()) {
            if (candidate.proxy().equals(proxy)) {
                return candidate;
            }
            discard(candidate); // its proxy is gone (the engine restarted, say)
        }
        return null;
    }

    private Pooled create(String proxy) {
        String name = "nodechecker-egress-" + identity.id().replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> labels = new HashMap<>(ContainerLabels.of(config, identity, ""));
        labels.remove(config.docker().label() + ".job");
        labels.put(ContainerLabels.egressKey(config), "network");
        String network = docker.createNetworkCmd().withName(name).withDriver("bridge").withInternal(true)
                .withCheckDuplicate(true)
                // No address on the host's side: the container's default route leads nowhere.
                .withOptions(Map.of("com.docker.network.bridge.inhibit_ipv4", "true"))
                .withLabels(labels).exec().getId();
        pooled.add(network);
        try {
            docker.connectToNetworkCmd().withNetworkId(network).withContainerId(proxy).exec();
            com.github.dockerjava.api.model.ContainerNetwork endpoint = docker.inspectContainerCmd(proxy).exec().getNetworkSettings().getNetworks().get(name);
            if (endpoint == null || endpoint.getIpAddress() == null || endpoint.getIpAddress().isEmpty()) {
                throw new IllegalStateException("the egress proxy has no address on network " + name);
            }
            String url = "http://" + endpoint.getIpAddress() + ":" + EgressRules.PORT;
            List<String> env = List.of("npm_config_proxy=" + url, "npm_config_https_proxy=" + url,
                    "HTTP_PROXY=" + url, "HTTPS_PROXY=" + url, "http_proxy=" + url, "https_proxy=" + url);
            return new Pooled(network, name, proxy, env);
        } catch (RuntimeException e) {
            pooled.remove(network);
            remove(network);
            throw e;
        }
    }

    /**
     * After its attempt's container was removed: kept for the next attempt only if the proxy is all that
     * is attached; anything else (a container that outlived its removal) and the network goes.
     */
    private void giveBack(Pooled network) {
        try {
            var attached = docker.inspectNetworkCmd().withNetworkId(network.id()).exec().getContainers();
            if (attached == null || attached.keySet().stream().allMatch(network.proxy()::equals)) {
                synchronized (this) {
                    if (network.proxy().equals(proxyId)) {
                        free.push(network);
                        return;
                    }
                }
            }
        } catch (NotFoundException e) {
            pooled.remove(network.id());
            return;
        } catch (RuntimeException e) {
            // The engine did not answer: out of the pool, so the janitor removes it once the engine is back.
            pooled.remove(network.id());
            LOG.debugf("network %s left to the janitor: %s", network.name(), e.getMessage());
            return;
        }
        discard(network);
    }

    private void discard(Pooled network) {
        pooled.remove(network.id());
        try {
            remove(network.id());
        } catch (RuntimeException e) {
            LOG.debugf("network %s: %s", network.name(), e.getMessage()); // the janitor takes it later
        }
    }

    /** Detaches whatever is attached (the proxy, a container that outlived its removal) and removes the network. */
    void remove(String network) {
        try {
            var attached = docker.inspectNetworkCmd().withNetworkId(network).exec().getContainers();
            if (attached != null) {
                for (String container : attached.keySet()) {
                    try {
                        docker.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(container)
                                .withForce(true).exec();
                    } catch (NotFoundException e) {
                        LOG.debugf("container %s left network %s already", container, network);
                    }
                }
            }
            docker.removeNetworkCmd(network).exec();
        } catch (NotFoundException e) {
            LOG.debugf("network %s is gone already", network);
        }
    }

    /** The proxy and its networks go with their runner, after it has drained its jobs (an observer of higher priority). */
    synchronized void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) ShutdownEvent event) {
        free.clear();
        for (String network : List.copyOf(pooled)) {
            pooled.remove(network);
            try {
                remove(network);
            } catch (RuntimeException e) {
                LOG.debugf("network %s: %s", network, e.getMessage()); // a live runner's janitor takes it
            }
        }
        if (proxyId != null) {
            try {
                docker.removeContainerCmd(proxyId).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                LOG.debugf("egress proxy %s: %s", proxyId, e.getMessage());
            }
            proxyId = null;
        }
    }

    /** The proxy container, started (again) when there is none or it stopped, as after an engine restart. */
    private synchronized String runningProxy() {
        if (proxyId != null) {
            try {
                if (Boolean.TRUE.equals(docker.inspectContainerCmd(proxyId).exec().getState().getRunning())) {
                    return proxyId;
                }
                docker.removeContainerCmd(proxyId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                LOG.debugf("egress proxy %s is gone", proxyId);
            }
            proxyId = null;
        }
        Map<String, String> labels = new HashMap<>(ContainerLabels.of(config, identity, ""));
        labels.remove(config.docker().label() + ".job");
        labels.put(ContainerLabels.egressKey(config), "proxy");
        String id = docker.createContainerCmd(config.egress().image())
                .withLabels(labels)
                // Its configuration is written into this volume before it starts; the rest is read-only.
                .withVolumes(new Volume(EgressRules.CONFIG_DIR))
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(config.egress().network())
                        .withReadonlyRootfs(true)
                        .withCapDrop(Capability.ALL)
                        .withSecurityOpts(List.of("no-new-privileges"))
                        .withMemory(64L * 1024 * 1024)
                        .withMemorySwap(64L * 1024 * 1024)
                        .withPidsLimit(64L)
                        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=8m")))
                .exec().getId();
        try {
            docker.copyArchiveToContainerCmd(id).withRemotePath(EgressRules.CONFIG_DIR)
                    .withTarInputStream(configArchive()).exec();
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            throw e;
        }
        LOG.infof("egress proxy %s started: installing jobs reach only %s", id.substring(0, 12),
                rules.filter().strip().replace('\n', ' '));
        proxyId = id;
        return id;
    }

    private ByteArrayInputStream configArchive() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            add(tar, "tinyproxy.conf", rules.config());
            add(tar, "filter", rules.filter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static void add(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0444);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
