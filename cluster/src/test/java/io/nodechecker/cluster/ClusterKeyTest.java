package io.nodechecker.cluster;

import org.jgroups.protocols.Encrypt;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.security.Key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterKeyTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void refusesASecretTooShortToBeAKey() {
        assertThatThrownBy(() -> ClusterKey.symEncrypt("s3cret", "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 characters").hasMessageContaining("at least 32");
    }

    @Test
    void derivesTheSameKeyForTheSameSecretAndClusterOnly() throws Exception {
        byte[] key = ClusterKey.derive(SECRET, "prod", "jgroups-aes-key");

        assertThat(key).hasSize(32).isEqualTo(ClusterKey.derive(SECRET, "prod", "jgroups-aes-key"));
        assertThat(key).isNotEqualTo(ClusterKey.derive(SECRET, "staging", "jgroups-aes-key"));
        assertThat(key).isNotEqualTo(ClusterKey.derive(SECRET, "prod", "keystore-password"));
        assertThat(key).isNotEqualTo(ClusterKey.derive(SECRET.replace('0', '1'), "prod", "jgroups-aes-key"));
    }

    @Test
    void handsTheDerivedKeyToTheProtocolInMemoryWithNoKeystoreOrPassword() throws Exception {
        SYM_ENCRYPT protocol = ClusterKey.symEncrypt(SECRET, "c");

        Field key = Encrypt.class.getDeclaredField("secret_key");
        key.setAccessible(true);
        assertThat(((Key) key.get(protocol)).getEncoded()).isEqualTo(ClusterKey.derive(SECRET, "c", "jgroups-aes-key"));
        assertThat(protocol.keystoreName()).isNull();
    }
}
