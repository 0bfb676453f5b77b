package io.nodechecker.runner.docker;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the egress proxy lets through, written as tinyproxy's configuration: for each allowed URL its
 * scheme, host and port — an {@code https} one as a {@code CONNECT host:port} tunnel, an {@code http}
 * one as requests for {@code http://host:port/…} — and nothing else. Patterns are anchored POSIX
 * extended expressions over the whole request target, so neither another port, a user-info prefix
 * ({@code http://allowed@elsewhere/}) nor a longer host name ({@code allowed.evil.example}) matches.
 */
public final class EgressRules {

    /** The port the proxy listens on inside its container. */
    public static final int PORT = 8888;
    static final String CONFIG_DIR = "/etc/tinyproxy";

    private final Set<String> patterns = new LinkedHashSet<>();
    private final Set<Integer> connectPorts = new LinkedHashSet<>();

    /**
     * @param urls the registry and any further allowed URLs
     * @throws IllegalArgumentException for a URL that is not http(s) with a host
     */
    public EgressRules(List<String> urls) {
        for (String url : urls) {
            allow(url);
        }
    }

    private void allow(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("egress: '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("egress: '" + url + "' is not an http(s) URL with a host");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            int port = uri.getPort() < 0 ? 443 : uri.getPort();
            connectPorts.add(port);
            patterns.add("^" + ere(host) + ":" + port + "$");
        } else {
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            patterns.add("^http://" + ere(host) + ":" + port + "/");
            if (port == 80) {
                patterns.add("^http://" + ere(host) + "/");
            }
        }
    }

    /** The filter file: one anchored pattern per line. */
    public String filter() {
        return String.join("\n", patterns) + "\n";
    }

    /** tinyproxy.conf: deny by default, filter whole URLs, tunnel only to the allowed ports. */
    public String config() {
        List<String> lines = new ArrayList<>(List.of(
                "Port " + PORT,
                "Timeout 600",
                "MaxClients 64",
                "LogLevel Connect",
                "DisableViaHeader Yes",
                "FilterDefaultDeny Yes",
                "FilterURLs Yes",
                "FilterType ere",
                "Filter \"" + CONFIG_DIR + "/filter\""));
        // A tunnel must both name a listed port and match a pattern. With no https URL no port is
        // listed (tinyproxy then checks no port) and the filter alone refuses every tunnel.
        connectPorts.forEach(port -> lines.add("ConnectPort " + port));
        return String.join("\n", lines) + "\n";
    }

    /** Escapes what POSIX extended expressions treat as special. */
    static String ere(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (".[]()*+?{}|^$\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
