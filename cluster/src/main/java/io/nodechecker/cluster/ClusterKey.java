package io.nodechecker.cluster;

import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
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
 * Turns the cluster secret into JGroups' SYM_ENCRYPT: an AES key derived from the secret (PBKDF2,
 * salted with the cluster name) in a keystore readable only by this process, since SYM_ENCRYPT reads
 * its key from a keystore file.
 */
final class ClusterKey {

    private static final String ALIAS = "nodechecker-cluster";

    private ClusterKey() {
    }

    /** The SYM_ENCRYPT element for the stack. */
    static String symEncrypt(String secret, String clusterName) {
        try {
            SecretKey key = derive(secret, clusterName);
            String password = HexFormat.of().formatHex(derive(secret + ":keystore", clusterName).getEncoded());
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

    private static SecretKey derive(String secret, String salt) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), ("nodechecker:" + salt).getBytes(StandardCharsets.UTF_8),
                120_000, 256);
        byte[] bytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        return new SecretKeySpec(bytes, "AES");
    }
}
