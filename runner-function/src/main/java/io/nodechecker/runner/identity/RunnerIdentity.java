package io.nodechecker.runner.identity;

import io.nodechecker.runner.config.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who this runner is: its id, host, process and the endpoint gateways reach it at. */
@ApplicationScoped
public class RunnerIdentity {

    private final String id;
    private final String host;
    private final String endpoint;

    RunnerIdentity(RunnerConfig config, @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.host = hostName();
        this.id = config.id().orElse(host + "-" + ProcessHandle.current().pid());
        this.endpoint = "http://" + config.advertisedHost() + ":" + httpPort;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    public long pid() {
        return ProcessHandle.current().pid();
    }

    public String endpoint() {
        return endpoint;
    }
}
