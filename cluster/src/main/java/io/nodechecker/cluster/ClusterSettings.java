package io.nodechecker.cluster;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a process joins the cluster. Each app's configuration mapping extends this with its own
 * defaults, so there is one place per app where the keys live.
 */
public interface ClusterSettings {

    /** Members with the same name find each other; tests use their own. */
    String name();

    /** Address JGroups binds to and announces. */
    String bindAddress();

    /** TCP port JGroups listens on; the next free one within {@link #portRange()} is taken. */
    int bindPort();

    /** How many ports above {@link #bindPort()} may be tried. */
    int portRange();

    /** Members to contact at start, as JGroups' TCPPING {@code initial_hosts}: {@code 127.0.0.1[7800],127.0.0.1[7801]}. */
    String initialHosts();

    /** Directory where this member persists its copy of jobs, results and logs; memory only when absent. */
    Optional<Path> dataDir();

    /** How long a member may be silent before it is suspected, in milliseconds. */
    long failureTimeoutMs();
}
