package io.nodechecker.runner.docker;

import io.nodechecker.runner.output.ChunkSink;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * What an attempt does with its container: run a command in it, cut it off the network, and ask the engine
 * what became of it. {@link JobContainer} is the real one; tests of the phases give a scripted one.
 */
public interface Sandbox {

    /**
     * Runs {@code command} in {@code workDir}, streaming its output to {@code sink}, for at most {@code limit}.
     *
     * @param stdin bytes for the command's standard input, or {@code null}
     */
    ExecResult exec(List<String> command, List<String> env, String workDir, InputStream stdin, Duration limit,
                    ChunkSink sink) throws InterruptedException;

    /** The id of the image the container runs, or {@code null} when the engine does not say. */
    String imageId();

    /** Cuts the container off every network, for phases that must not reach out. */
    void disconnectNetworks();

    /** Whether the container still exists and runs; false when anyone stopped or removed it. */
    boolean isRunning();

    /** Whether the kernel killed a process of the container for its memory limit, as the engine saw it. */
    boolean oomKilled();
}
