package io.nodechecker.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Rules in the kernel's INPUT chain that drop packets between two sets of loopback addresses, both ways: a cut
 * cable between members that each bind an address of their own (root and iptables needed). Closing it deletes them.
 */
public final class PacketFilter implements AutoCloseable {

    private final List<List<String>> rules = new ArrayList<>();

    public void drop(List<String> sideA, List<String> sideB) throws Exception {
        for (String from : sideA) {
            for (String to : sideB) {
                add(List.of("-s", from, "-d", to, "-j", "DROP"));
                add(List.of("-s", to, "-d", from, "-j", "DROP"));
            }
        }
    }

    private void add(List<String> rule) throws Exception {
        iptables("-I", rule);
        rules.add(rule);
    }

    public void heal() throws Exception {
        for (List<String> rule : rules) {
            iptables("-D", rule);
        }
        rules.clear();
    }

    @Override
    public void close() throws Exception {
        heal();
    }

    private static void iptables(String action, List<String> rule) throws Exception {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", action, "INPUT"));
        command.addAll(rule);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
