package io.nodechecker.cluster;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jgroups.util.TLS;
import org.jgroups.util.TLSClientAuth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.Date;

/**
 * Turns the cluster secret into mutual TLS for JGroups' TCP transport: every member derives the same Ed25519
 * key pair from the secret (HKDF with SHA-256, salted with the cluster name), signs the same certificate
 * with it, and trusts that certificate alone, so a connection is accepted only from a peer that proved it
 * holds the key, that is, the secret. Everything JGroups sends over TCP (discovery, heartbeats, merges, cache
 * traffic) then travels authenticated and encrypted (TLS 1.3, AEAD ciphers). Keys live in memory: no
 * keystore file and no password, and nothing secret in the stack's XML, which Infinispan prints when the
 * channel fails to start.
 *
 * <p>The secret is a generated key, not a password, so it is not stretched: PBKDF2 at a password's
 * iteration count cost every member over half a second of its start (JFR, StartupBenchmark). Instead a
 * secret shorter than {@value #MIN_SECRET_LENGTH} characters is refused, which keeps guessing it out of reach.
 */
final class ClusterKey {

    static final int MIN_SECRET_LENGTH = 32;

    // Fixed so that every member signs the very same certificate; the key, not the dates, is what is trusted.
    private static final Date NOT_BEFORE = Date.from(Instant.parse("2000-01-01T00:00:00Z"));
    private static final Date NOT_AFTER = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

    private ClusterKey() {
    }

    /** JGroups' TLS settings for the transport, with client certificates required. */
    static TLS tls(String secret, String clusterName) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the cluster secret has " + secret.length() + " characters; it needs at least "
                    + MIN_SECRET_LENGTH + " random ones (e.g. `openssl rand -hex 24`)");
        }
        try {
            return new TLS().enabled(true).setClientAuth(TLSClientAuth.NEED).setProtocols(new String[] {"TLSv1.3"})
                    .setSSLContext(sslContext(secret, clusterName));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot derive the cluster's key", e);
        }
    }

    static SSLContext sslContext(String secret, String clusterName)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair pair = keyPair(derive(secret, clusterName, "jgroups-tls-ed25519"));
        X509Certificate certificate = certificate(pair);
        char[] noPassword = new char[0];

        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("member", pair.getPrivate(), noPassword, new X509Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, noPassword);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("cluster", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);

        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
        return context;
    }

    /** Ed25519's private key is 32 random bytes: given the derived ones, every member makes the same pair. */
    private static KeyPair keyPair(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, bytes.length);
            }
        });
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair pair)
            throws OperatorCreationException, CertificateException {
        X500Name name = new X500Name("CN=nodechecker cluster");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, NOT_BEFORE, NOT_AFTER,
                name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())));
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
