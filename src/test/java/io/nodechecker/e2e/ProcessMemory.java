package io.nodechecker.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from /proc. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    static double rssMiB(long pid) throws Exception {
        return statusMiB(pid, "VmRSS:");
    }

    /** The most the process has held resident since it started. */
    static double peakRssMiB(long pid) throws Exception {
        return statusMiB(pid, "VmHWM:");
    }

    private static double statusMiB(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no " + field + " for " + pid);
    }
}
