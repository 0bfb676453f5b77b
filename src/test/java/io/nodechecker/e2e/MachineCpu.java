package io.nodechecker.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine has spent busy, from {@code /proc/stat}: what the Docker engine, the
 * containers and every JVM used together, which no single process's profile shows; and one process's.
 */
final class MachineCpu {

    // /proc/stat counts in USER_HZ, 100 per second on Linux.
    private static final double TICKS_PER_SECOND = 100.0;

    private MachineCpu() {
    }

    /** CPU-seconds process {@code pid} has used (user and system time, from {@code /proc/<pid>/stat}). */
    static double processSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: state is the first,
        // utime the 12th and stime the 13th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** Busy CPU-seconds since boot: user, nice, system, irq, softirq and steal time of all CPUs. */
    static double busySeconds() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(fields[i]);
        }
        return busy / TICKS_PER_SECOND;
    }
}
