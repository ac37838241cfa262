package io.sanke.media.transport;

/**
 * What a datagram on the shared port is, from its first byte (RFC 7983) and, for
 * RTP/RTCP, its second byte (RFC 5761). Classifies only; reads nothing else.
 */
public enum PacketKind {
  STUN, DTLS, RTP, RTCP, UNKNOWN;

  /** Classifies {@code len} bytes at {@code off}; never throws. */
  public static PacketKind of(byte[] buf, int off, int len) {
    if (len < 1) {
      return UNKNOWN;
    }
    int b = buf[off] & 0xff;
    if (b <= 3) {
      return len >= 20 ? STUN : UNKNOWN;
    }
    if (b >= 20 && b <= 63) {
      return len >= 13 ? DTLS : UNKNOWN;
    }
    if (b >= 128 && b <= 191) {
      if (len < 12) {
        return UNKNOWN;
      }
      int pt = buf[off + 1] & 0xff;
      return pt >= 192 && pt <= 223 ? RTCP : RTP;
    }
    return UNKNOWN;
  }
}
