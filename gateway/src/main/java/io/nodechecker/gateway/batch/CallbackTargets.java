package io.nodechecker.gateway.batch;

import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;

/**
 * Where a batch's callback may go. A caller names the URL, so it must not be able to aim the gateway
 * at what only the gateway can reach: link-local addresses (cloud metadata services) never, loopback,
 * private and this host's own addresses only when {@code batches.callback-private-addresses} allows
 * them. The address is judged after resolving, and the callback is sent to that very address
 * ({@link BatchCallbacks}), so a name that resolves elsewhere the second time (DNS rebinding) does not
 * help.
 */
@ApplicationScoped
public class CallbackTargets {

    /** Why a callback is not sent. */
    public static final class Refused extends Exception {
        Refused(String why) {
            super(why);
        }
    }

    private final boolean privateAllowed;

    @Inject
    CallbackTargets(GatewayConfig config) {
        this(config.batches().callbackPrivateAddresses());
    }

    CallbackTargets(boolean privateAllowed) {
        this.privateAllowed = privateAllowed;
    }

    /** Why a URL whose host is an address literal may not be a callback; empty for names and allowed addresses. */
    public Optional<String> refusalOfLiteral(URI url) {
        String host = url.getHost();
        if (host == null || !isLiteral(host)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(refusal(InetAddress.getByName(stripBrackets(host))));
        } catch (UnknownHostException e) {
            return Optional.of("cannot read the address " + host);
        }
    }

    /** The address to send {@code url}'s callback to: its host resolved, every address it has allowed. */
    public InetAddress resolve(URI url) throws Refused {
        String host = stripBrackets(url.getHost());
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("the callback host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                throw new Refused("the callback host " + host + " resolves to " + why);
            }
        }
        return addresses[0];
    }

    /** Why {@code address} may not be a callback's, or {@code null} when it may. */
    String refusal(InetAddress address) {
        String text = address.getHostAddress();
        // Both families' link-local ranges, IPv4's included: the JDK classifies them.
        if (address.isLinkLocalAddress()) {
            return text + ", a link-local address (never allowed)";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || isReserved(address)) {
            return text + ", which is not a host to call";
        }
        if (carriesIpv4(address)) {
            // NAT64, 6to4, Teredo and IPv4-compatible addresses reach an IPv4 host this check would not see.
            return text + ", an IPv6 transition address that carries an IPv4 address (never allowed)";
        }
        if (privateAllowed) {
            return null;
        }
        if (address.isLoopbackAddress()) {
            return text + ", a loopback address (allowed only with batches.callback-private-addresses)";
        }
        if (address.isSiteLocalAddress() || isUniqueLocal(address) || isCarrierGradeNat(address)) {
            return text + ", a private address (allowed only with batches.callback-private-addresses)";
        }
        if (isOwn(address)) {
            return text + ", an address of this host (allowed only with batches.callback-private-addresses)";
        }
        return null;
    }

    /** IPv4 ranges with no host on the internet: "this network" (0/8), 192.0.0/24, benchmarking (198.18/15), 240/4. */
    private static boolean isReserved(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        byte[] b = address.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                || (first == 198 && (second & 0xfe) == 18);
    }

    /** NAT64 (64:ff9b::/32, both its /96 and its /48), 6to4 (2002::/16), Teredo (2001::/32), IPv4-compatible (::/96). */
    private static boolean carriesIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return false;
        }
        byte[] b = address.getAddress();
        int word0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int word1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        boolean firstTwelveZero = true;
        for (int i = 0; i < 12; i++) {
            firstTwelveZero &= b[i] == 0;
        }
        return (word0 == 0x0064 && word1 == 0xff9b) || word0 == 0x2002 || (word0 == 0x2001 && word1 == 0x0000)
                || (firstTwelveZero && !address.isLoopbackAddress() && !address.isAnyLocalAddress());
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private static boolean isOwn(InetAddress address) {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (Collections.list(nic.getInetAddresses()).stream().anyMatch(address::equals)) {
                    return true;
                }
            }
            return false;
        } catch (SocketException e) {
            return true; // cannot tell: refuse
        }
    }

    private static boolean isLiteral(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')
                || host.contains(":");
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
