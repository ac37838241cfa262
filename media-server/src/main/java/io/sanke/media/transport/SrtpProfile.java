package io.sanke.media.transport;

import org.jitsi.srtp.SrtpPolicy;

/** The SRTP protection profiles the SFU negotiates in DTLS use_srtp (RFC 5764, RFC 7714). */
public enum SrtpProfile {
  AEAD_AES_128_GCM(0x0007, 16, 12),
  AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14);

  public final int id;
  public final int keyLength;
  public final int saltLength;

  SrtpProfile(int id, int keyLength, int saltLength) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
  }

  public static SrtpProfile byId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    return null;
  }

  SrtpPolicy policy() {
    SrtpPolicy p = this == AEAD_AES_128_GCM
        ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, saltLength)
        : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, saltLength);
    p.setReceiveReplayEnabled(true);
    p.setSendReplayEnabled(false);
    return p;
  }
}
