/**
 * Live output, from a job's container to its viewers' browsers, as one pipeline. Read the stages in order:
 * <ol>
 *   <li><b>attach</b> (runner): {@code docker.FrameRelay} takes the exec's frames and {@code output.Utf8Boundary}
 *       turns them into text;</li>
 *   <li><b>sink</b> (runner): {@code output.TailSink}, then {@code output.OutputSink}, which numbers the output
 *       and gathers it into chunks;</li>
 *   <li><b>store</b>: the chunks in the cluster's output log ({@code cluster.store.OutputLog}), on the job's
 *       owners;</li>
 *   <li><b>feed</b>: {@link io.nodechecker.gateway.live.JobFeed}, a gateway's clustered listeners filtered to one
 *       job it has viewers of;</li>
 *   <li><b>fan-out</b>: {@link io.nodechecker.gateway.live.JobFanOut}, the job's chunks in batches to each of its
 *       viewers here, by each viewer's event loop;</li>
 *   <li><b>per-viewer outbox</b>: {@link io.nodechecker.gateway.live.ViewerOutbox}, which asks its
 *       {@link io.nodechecker.gateway.live.LiveView} what the viewer gets next (in order, once, from the log
 *       where it is behind) and writes it as a frame encoded once for all viewers in step
 *       ({@link io.nodechecker.gateway.live.FrameEncoder}, {@link io.nodechecker.gateway.live.LiveFrame});</li>
 *   <li><b>socket</b>: {@link io.nodechecker.gateway.live.ConnectionSocket}, the viewer's WebSocket.</li>
 * </ol>
 * Each stage hands data to the next and nothing calls back up; only a socket's finished write comes back to
 * its outbox, as the future of that write. {@link io.nodechecker.gateway.live.LiveRelay} opens and closes the
 * gateway's stages as viewers come and go; {@link io.nodechecker.gateway.live.LiveOutputSocket} is the endpoint.
 */
package io.nodechecker.gateway.live;
