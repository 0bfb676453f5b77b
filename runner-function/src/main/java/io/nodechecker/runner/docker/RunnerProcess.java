package io.nodechecker.runner.docker;

import java.util.Optional;

/**
 * A runner process as the containers it starts name it: host, pid and start time. Runners that share an
 * engine (several on one machine) remove the containers of runners gone from the registry; but a runner
 * can be out of the registry's sight and still alive (a partition, a long pause), and one on the same host
 * can tell: a process with that pid that started at that very time is still running.
 */
record RunnerProcess(String host, long pid, long startedMillis) {

    static RunnerProcess current(String host) {
        ProcessHandle self = ProcessHandle.current();
        return new RunnerProcess(host, self.pid(), started(self).orElse(-1L));
    }

    String label() {
        return host + "/" + pid + "/" + startedMillis;
    }

    static Optional<RunnerProcess> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        int last = label.lastIndexOf('/');
        int middle = last <= 0 ? -1 : label.lastIndexOf('/', last - 1);
        if (middle <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunnerProcess(label.substring(0, middle), Long.parseLong(label.substring(middle + 1, last)),
                    Long.parseLong(label.substring(last + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this process still runs, as far as a process on {@code seenFrom} can know: only a process on the
     * same host, with this pid and start time, counts (a pid alone may have been reused, or belong to another
     * pid namespace).
     */
    boolean aliveSeenFrom(String seenFrom) {
        return startedMillis >= 0 && host.equals(seenFrom)
                && ProcessHandle.of(pid).flatMap(RunnerProcess::started).map(start -> start == startedMillis).orElse(false);
    }

    private static Optional<Long> started(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli);
    }
}
