package io.nodechecker.cluster;

import org.jgroups.util.TLSClientAuth;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterKeyTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void refusesASecretTooShortToBeAKey() {
        assertThatThrownBy(() -> ClusterKey.tls("s3cret", "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 characters").hasMessageContaining("at least 32");
    }

    @Test
    void derivesTheSameKeyForTheSameSecretAndClusterOnly() throws Exception {
        byte[] key = ClusterKey.derive(SECRET, "prod", "jgroups-tls-ed25519");

        assertThat(key).hasSize(32).isEqualTo(ClusterKey.derive(SECRET, "prod", "jgroups-tls-ed25519"));
        assertThat(key).isNotEqualTo(ClusterKey.derive(SECRET, "staging", "jgroups-tls-ed25519"));
        assertThat(key).isNotEqualTo(ClusterKey.derive(SECRET, "prod", "live-tickets"));
        assertThat(key).isNotEqualTo(ClusterKey.derive(SECRET.replace('0', '1'), "prod", "jgroups-tls-ed25519"));
    }

    @Test
    void asksForClientCertificatesAndHoldsTheKeysInMemory() {
        var tls = ClusterKey.tls(SECRET, "c");

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.getClientAuth()).isEqualTo(TLSClientAuth.NEED);
        assertThat(tls.getSSLContext()).isNotNull();
        assertThat(tls.getKeystorePath()).isNull();
    }

    @Test
    void membersWithTheSameSecretShakeHandsAndAnyOtherIsRefusedEitherWay() throws Exception {
        SSLContext member = ClusterKey.sslContext(SECRET, "c");
        SSLContext sameSecret = ClusterKey.sslContext(SECRET, "c");
        SSLContext wrongSecret = ClusterKey.sslContext(SECRET.replace('a', 'b'), "c");
        SSLContext otherCluster = ClusterKey.sslContext(SECRET, "other");

        assertThat(handshake(member, sameSecret)).isEqualTo("TLSv1.3");
        assertThatThrownBy(() -> handshake(member, wrongSecret)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> handshake(wrongSecret, member)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> handshake(member, otherCluster)).isInstanceOf(IOException.class);
    }

    /** Connects {@code client} to a server of {@code server} on loopback; the protocol both agreed on. */
    private static String handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listening.setNeedClientAuth(true);
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listening.accept()) {
                    socket.startHandshake();
                    socket.getOutputStream().write(1);
                } catch (IOException e) {
                    // the client sees the failure too
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                // TLS 1.3 reports a refused client certificate on the first read.
                if (socket.getInputStream().read() != 1) {
                    throw new IOException("the server closed the connection");
                }
                return socket.getSession().getProtocol();
            } finally {
                accepted.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
