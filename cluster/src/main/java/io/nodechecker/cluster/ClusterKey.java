package io.nodechecker.cluster;

import org.jgroups.protocols.SYM_ENCRYPT;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Turns the cluster secret into JGroups' SYM_ENCRYPT: an AES key derived from the secret (HKDF with
 * SHA-256, salted with the cluster name), handed to the protocol in memory. No keystore file and no
 * password: nothing secret is in the stack's XML, which Infinispan prints when the channel fails to start.
 *
 * <p>The secret is a generated key, not a password, so it is not stretched: PBKDF2 at a password's
 * iteration count cost every member over half a second of its start (JFR, StartupBenchmark). Instead a
 * secret shorter than {@value #MIN_SECRET_LENGTH} characters is refused, which keeps guessing it out of reach.
 */
final class ClusterKey {

    static final int MIN_SECRET_LENGTH = 32;

    private ClusterKey() {
    }

    /** The SYM_ENCRYPT protocol for the stack, holding the derived key. */
    static SYM_ENCRYPT symEncrypt(String secret, String clusterName) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the cluster secret has " + secret.length() + " characters; it needs at least "
                    + MIN_SECRET_LENGTH + " random ones (e.g. `openssl rand -hex 24`)");
        }
        try {
            SecretKey key = new SecretKeySpec(derive(secret, clusterName, "jgroups-aes-key"), "AES");
            return new SYM_ENCRYPT().setSecretKey(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the cluster key", e);
        }
    }

    /** 32 bytes of HKDF (RFC 5869): extract with the cluster name as salt, expand one block for {@code purpose}. */
    static byte[] derive(String secret, String clusterName, String purpose) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(("nodechecker:" + clusterName).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] pseudoRandomKey = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
        mac.update(purpose.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 1);
        return mac.doFinal();
    }
}
