package io.nodechecker.runner.docker;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.nodechecker.runner.config.RunnerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host configuration of every job container. The package inside is untrusted: no
 * capabilities, no privilege escalation, a read-only root, bounded memory, processes and CPU, a
 * size-limited work area, and no host path but the read-only CA bundle. Never privileged, never the
 * Docker socket.
 */
final class ContainerLimits {

    static final String WORK_DIR = "/home/node";
    static final String CA_PATH = "/etc/nodechecker/ca.pem";
    private static final long MIB = 1024L * 1024L;
    // The image's non-root user; the work area belongs to it.
    static final String USER = "1000:1000";

    private ContainerLimits() {
    }

    static HostConfig hostConfig(RunnerConfig.Limits limits, RunnerConfig.Npm npm, String networkMode) {
        long memory = limits.memoryMb() * MIB;
        List<Bind> binds = new ArrayList<>();
        npm.caBundle().ifPresent(ca -> binds.add(Bind.parse(ca.toAbsolutePath() + ":" + CA_PATH + ":ro")));
        return HostConfig.newHostConfig()
                .withPrivileged(false)
                .withReadonlyRootfs(true)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withMemory(memory)
                .withMemorySwap(memory)
                .withPidsLimit(limits.pids())
                .withNanoCPUs((long) (limits.cpus() * 1_000_000_000L))
                .withInit(true)
                .withNetworkMode(networkMode)
                .withTmpFs(Map.of(
                        WORK_DIR, "rw,exec,nosuid,nodev,size=" + limits.workAreaMb() + "m,uid=1000,gid=1000,mode=0700",
                        "/tmp", "rw,nosuid,nodev,size=64m,mode=1777"))
                .withBinds(binds);
    }

    static List<String> env(RunnerConfig.Npm npm, List<String> networkEnv) {
        List<String> env = new ArrayList<>(List.of(
                "HOME=" + WORK_DIR,
                "CI=true",
                "FORCE_COLOR=1",
                "npm_config_color=always",
                "npm_config_registry=" + npm.registry(),
                "npm_config_update_notifier=false",
                "npm_config_fund=false",
                "npm_config_audit=false"));
        npm.caBundle().ifPresent(ca -> env.add("NODE_EXTRA_CA_CERTS=" + CA_PATH));
        env.addAll(networkEnv);
        return env;
    }

}
