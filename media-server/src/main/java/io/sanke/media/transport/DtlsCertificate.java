package io.sanke.media.transport;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed ECDSA P-256 certificate for DTLS, with its SHA-256 fingerprint as SDP
 * writes it ({@code AB:CD:...}). Made once per server; holds no network state.
 */
public final class DtlsCertificate {
  private final byte[] der;
  private final AsymmetricKeyParameter privateKey;
  private final String fingerprint;

  private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
    this.der = der;
    this.privateKey = privateKey;
    this.fingerprint = fingerprint(der);
  }

  /** Generates a fresh key pair and a certificate valid from one day ago for {@code validity}. */
  public static DtlsCertificate generate(Clock clock, Duration validity) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=sanke-media");
      long now = clock.millis();
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, new SecureRandom()), new Date(now - 86_400_000L),
          new Date(now + validity.toMillis()), name, kp.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      return new DtlsCertificate(holder.getEncoded(), PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the DTLS certificate", e);
    }
  }

  /** SHA-256 fingerprint of a DER certificate, upper-case hex pairs joined by colons. */
  public static String fingerprint(byte[] der) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when {@code sdpFingerprint} (any case) is the SHA-256 fingerprint of {@code der}. */
  public static boolean matches(byte[] der, String sdpFingerprint) {
    return sdpFingerprint != null
        && fingerprint(der).equals(sdpFingerprint.trim().toUpperCase(Locale.ROOT));
  }

  public byte[] der() {
    return der.clone();
  }

  AsymmetricKeyParameter privateKey() {
    return privateKey;
  }

  /** "sha-256 AB:CD:..." value for {@code a=fingerprint}. */
  public String sdpFingerprint() {
    return "sha-256 " + fingerprint;
  }

  public String fingerprint() {
    return fingerprint;
  }
}
