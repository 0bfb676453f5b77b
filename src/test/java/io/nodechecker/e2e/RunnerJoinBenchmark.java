package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new runner's time to ready with and without history, start by start. Two stacks alike and up at once (a
 * {@code -Xmx256m} gateway and a working runner): one never runs a job, the other first stores
 * {@link #HISTORY_JOBS} jobs of 15 MiB of output each; then, in alternating rounds, {@link #STARTS} runners
 * are started and stopped on each. Start i of one is set beside start i of the other, because a runner's
 * join grows over the joins and leaves before it whatever the history. The join is what the runner's own
 * log says its joining the cluster took; ready is launch to {@code /q/health/ready} answering 200.
 */
class RunnerJoinBenchmark {

    private static final int STARTS = Integer.getInteger("bench.starts", 6);
    private static final int HISTORY_JOBS = Integer.getInteger("bench.history-jobs", 12);
    private static final long OUTPUT_PER_JOB = 15L * 1024 * 1024;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Pattern JOINED = Pattern.compile("joined cluster \\S+ as a compute member of (\\d+) in (\\d+) ms");

    /** One start: the join as the runner logged it, and launch to ready. */
    private record Start(long joinMillis, double readySeconds) {
    }

    @Test
    void measuresANewRunnersJoinWithAndWithoutHistory() throws Exception {
        TestStack.requireDockerEngine();
        List<Start> empty = new ArrayList<>();
        List<Start> withHistory = new ArrayList<>();
        String idle;
        try (TestStack emptyStack = new TestStack(2 + STARTS); TestStack fullStack = new TestStack(2 + STARTS)) {
            Working emptyOne = working(emptyStack, 0);
            Working fullOne = working(fullStack, HISTORY_JOBS);
            Api emptyApi = emptyOne.api();
            Api fullApi = fullOne.api();
            // What the floods left to do (the store's writes, the collector) is done before the first start.
            Thread.sleep(SETTLE.toMillis());
            // Alternating, so that both see the machine alike; each stack's own joins and leaves pile up alike.
            for (int i = 0; i < STARTS; i++) {
                empty.add(start(emptyStack, emptyApi));
                withHistory.add(start(fullStack, fullApi));
            }
            idle = String.format(Locale.ROOT, "%s on the empty stack, %s on the one with history",
                    idleCpu(emptyOne), idleCpu(fullOne));
        }

        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < STARTS; i++) {
            rows.append(String.format(Locale.ROOT, "| %d | %d ms | %.1f s | %d ms | %.1f s |%n", i + 1,
                    empty.get(i).joinMillis(), empty.get(i).readySeconds(),
                    withHistory.get(i).joinMillis(), withHistory.get(i).readySeconds()));
        }
        BenchReport.write("runner-join", String.format(Locale.ROOT, """
                ### A new runner's join with and without history

                Two stacks alike and up at once, each a `-Xmx256m` gateway and one working runner: one never ran a
                job, the other first stored %d jobs of 15 MiB of output each (%.0f MiB); then %d s for both to
                settle. Then %d rounds: in each, a runner (`-Xmx96m`) starts and stops on the empty stack, then one on
                the stack with history; start i of one beside start i of the other, since every join and leave
                before a start weighs on it whatever the history. Join: what the runner logs its joining the
                cluster took; ready: launch to `/q/health/ready` answering 200. Target: the same with history as
                on an empty cluster.

                | start | empty: join | empty: ready | with history: join | with history: ready |
                |---|---|---|---|---|
                %s| **median** | **%d ms** | **%.1f s** | **%d ms** | **%.1f s** |

                CPU of the working members over %d s of quiet after the last round (gateway + working runner, in
                percent of one core): %s.
                """, HISTORY_JOBS, HISTORY_JOBS * OUTPUT_PER_JOB / 1048576.0, SETTLE.toSeconds(), STARTS, rows,
                medianJoin(empty), medianReady(empty), medianJoin(withHistory), medianReady(withHistory),
                QUIET.toSeconds(), idle));
    }

    /** A stack's gateway, its working runner, and the gateway's API. */
    private record Working(Api api, AppProcess gateway, AppProcess runner) {
    }

    /** A gateway and a working runner on {@code stack}, which then runs {@code jobs} floods. */
    private static Working working(TestStack stack, int jobs) throws Exception {
        AppProcess gateway = stack.startGateway("-Xmx256m");
        Api api = stack.api(gateway);
        AppProcess runner = stack.startRunner("-Xmx96m", "nodechecker.runner.limits.output-bytes=" + OUTPUT_PER_JOB);
        api.awaitRunner();
        byte[] flood = Fixtures.tarball("flood");
        for (int i = 0; i < jobs; i++) {
            api.awaitFinal(api.submitTarball(flood), Duration.ofMinutes(3));
        }
        return new Working(api, gateway, runner);
    }

    /**
     * The gateway's and the working runner's CPU over {@link #QUIET} with nothing to do, in percent of one core:
     * members that others joined and left should be as idle as before.
     */
    private static String idleCpu(Working stack) throws Exception {
        double gatewayBefore = MachineCpu.processSeconds(stack.gateway().pid());
        double runnerBefore = MachineCpu.processSeconds(stack.runner().pid());
        Thread.sleep(QUIET.toMillis());
        double seconds = QUIET.toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%.0f %% + %.0f %%",
                100 * (MachineCpu.processSeconds(stack.gateway().pid()) - gatewayBefore) / seconds,
                100 * (MachineCpu.processSeconds(stack.runner().pid()) - runnerBefore) / seconds);
    }

    /** One more runner started on {@code stack} until ready, its join read from its log, then stopped. */
    private static Start start(TestStack stack, Api api) throws Exception {
        long launched = System.nanoTime();
        AppProcess late = stack.startRunner("-Xmx96m");
        double ready = (System.nanoTime() - launched) / 1e9;
        Matcher joined = JOINED.matcher(late.logText());
        assertThat(joined.find()).as("the join line in %s's log:%n%s", late.name(), late.tail()).isTrue();
        // Three members: the gateway, the working runner and this one.
        assertThat(joined.group(1)).isEqualTo("3");
        late.close();
        // Gone from the registry before the next one comes, as a runner stopped for good is.
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/runners").json().size() == 1);
        return new Start(Long.parseLong(joined.group(2)), ready);
    }

    private static long medianJoin(List<Start> starts) {
        return Math.round(BenchReport.median(starts.stream().mapToDouble(Start::joinMillis).toArray()));
    }

    private static double medianReady(List<Start> starts) {
        return BenchReport.median(starts.stream().mapToDouble(Start::readySeconds).toArray());
    }
}
