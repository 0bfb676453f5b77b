package io.nodechecker.cluster;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HexFormat;

/**
 * Turns the cluster secret into JGroups' SYM_ENCRYPT: an AES key derived from the secret (HKDF with
 * SHA-256, salted with the cluster name) in a keystore readable only by this process, since
 * SYM_ENCRYPT reads its key from a keystore file.
 *
 * <p>The secret is a generated key, not a password, so it is not stretched: PBKDF2 at a password's
 * iteration count cost every member over half a second of its start (JFR, StartupBenchmark). Instead a
 * secret shorter than {@value #MIN_SECRET_LENGTH} characters is refused, which keeps guessing it out of reach.
 */
final class ClusterKey {

    static final int MIN_SECRET_LENGTH = 32;
    private static final String ALIAS = "nodechecker-cluster";

    private ClusterKey() {
    }

    /** The SYM_ENCRYPT element for the stack. */
    static String symEncrypt(String secret, String clusterName) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the cluster secret has " + secret.length() + " characters; it needs at least "
                    + MIN_SECRET_LENGTH + " random ones (e.g. `openssl rand -hex 24`)");
        }
        try {
            SecretKey key = new SecretKeySpec(derive(secret, clusterName, "jgroups-aes-key"), "AES");
            String password = HexFormat.of().formatHex(derive(secret, clusterName, "keystore-password"));
            Path file = Files.createTempFile("nodechecker-cluster-", ".p12",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setEntry(ALIAS, new KeyStore.SecretKeyEntry(key),
                    new KeyStore.PasswordProtection(password.toCharArray()));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return "<SYM_ENCRYPT keystore_name=\"" + file + "\" keystore_type=\"PKCS12\" alias=\"" + ALIAS
                    + "\" store_password=\"" + password + "\" key_password=\"" + password + "\"/>";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the cluster key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
