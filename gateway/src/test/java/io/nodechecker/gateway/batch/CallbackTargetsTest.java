package io.nodechecker.gateway.batch;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which addresses a callback may be sent to. Nothing here opens a connection, and no metadata address
 * is named: link-local is shown with IPv6's fe80::/10, which the JDK classifies with IPv4's range.
 */
class CallbackTargetsTest {

    private final CallbackTargets strict = new CallbackTargets(false);
    private final CallbackTargets lenient = new CallbackTargets(true);

    @Test
    void refusesWhatOnlyTheGatewayCouldReach() throws Exception {
        Map<String, String> kinds = Map.of(
                "127.0.0.1", "loopback", "::1", "loopback",
                "10.1.2.3", "private", "172.16.0.1", "private", "192.168.1.1", "private",
                "100.64.0.1", "private", "fd00::1", "private",
                "fe80::1", "link-local",
                "0.0.0.0", "not a host");
        for (Map.Entry<String, String> kind : kinds.entrySet()) {
            assertThat(strict.refusal(InetAddress.getByName(kind.getKey()))).as(kind.getKey()).contains(kind.getValue());
        }
    }

    @Test
    void refusesReservedRangesAndIpv6AddressesThatCarryAnIpv4OneEvenWhenPrivateOnesAreAllowed() throws Exception {
        for (String address : List.of("0.1.2.3", "240.0.0.1", "255.255.255.255", "198.18.0.5", "192.0.0.8")) {
            assertThat(lenient.refusal(InetAddress.getByName(address))).as(address).contains("not a host to call");
        }
        for (String address : List.of("64:ff9b::c000:201", "64:ff9b:1::a00:1", "2002:c000:201::1", "2001:0:4136:e378::1",
                "::192.0.2.1")) {
            assertThat(lenient.refusal(InetAddress.getByName(address))).as(address).contains("carries an IPv4 address");
        }
        assertThat(strict.refusal(InetAddress.getByName("2001:db8::7"))).isNull();
        assertThat(strict.refusal(InetAddress.getByName("198.20.0.1"))).isNull();
    }

    @Test
    void allowsPublicAddresses() throws Exception {
        assertThat(strict.refusal(InetAddress.getByName("203.0.113.7"))).isNull();
        assertThat(strict.refusal(InetAddress.getByName("2001:db8::7"))).isNull();
    }

    @Test
    void anOperatorMayAllowPrivateAndLoopbackButNeverLinkLocal() throws Exception {
        assertThat(lenient.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
        assertThat(lenient.refusal(InetAddress.getByName("10.1.2.3"))).isNull();
        assertThat(lenient.refusal(InetAddress.getByName("fe80::1"))).contains("never allowed");
    }

    @Test
    void judgesAddressLiteralsInTheUrlAtOnceAndNamesOnlyWhenResolved() {
        assertThat(strict.refusalOfLiteral(URI.create("http://[::1]:8080/done"))).hasValueSatisfying(why ->
                assertThat(why).contains("loopback"));
        assertThat(strict.refusalOfLiteral(URI.create("http://127.0.0.1:8080/done"))).isPresent();
        assertThat(strict.refusalOfLiteral(URI.create("https://ci.example.test/done"))).isEmpty();
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedWhenResolved() {
        assertThatThrownBy(() -> strict.resolve(URI.create("http://localhost:9/done")))
                .isInstanceOf(CallbackTargets.Refused.class).hasMessageContaining("loopback");
    }
}
