package io.sanke.media.transport;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP both ways for one DTLS association, with jitsi-srtp contexts per SSRC
 * (receive replay protection on). Keys come from the DTLS exporter (RFC 5764 §4.2).
 * Failures return null and count a reason; nothing is thrown for a bad packet.
 */
public final class SrtpSession {
  private final SrtpProfile profile;
  private final SrtpContextFactory sendFactory;
  private final SrtpContextFactory receiveFactory;
  private final TransportCounters counters;
  private final Map<Integer, SrtpCryptoContext> sendRtp = new ConcurrentHashMap<>();
  private final Map<Integer, SrtpCryptoContext> receiveRtp = new ConcurrentHashMap<>();
  // Per-packet lookups without boxing or a capturing lambda: a few slots by SSRC in front of
  // the maps (immutable entries, so a racy read sees a whole one or null).
  private static final int CACHE_SLOTS = 8;

  private record Cached(int ssrc, SrtpCryptoContext context) {}

  private final Cached[] sendCache = new Cached[CACHE_SLOTS];
  private final Cached[] receiveCache = new Cached[CACHE_SLOTS];
  private final java.util.concurrent.atomic.LongAdder rtpIn;
  private final java.util.concurrent.atomic.LongAdder rtpOut;

  private static SrtpCryptoContext cached(Cached[] slots, int ssrc) {
    Cached e = slots[ssrc & (CACHE_SLOTS - 1)];
    return e != null && e.ssrc() == ssrc ? e.context() : null;
  }
  private final Map<Integer, SrtcpCryptoContext> sendRtcp = new ConcurrentHashMap<>();
  private final Map<Integer, SrtcpCryptoContext> receiveRtcp = new ConcurrentHashMap<>();

  /**
   * @param material exporter output: client key, server key, client salt, server salt
   * @param localIsClient whether this side was the DTLS client
   */
  public SrtpSession(SrtpProfile profile, byte[] material, boolean localIsClient, TransportCounters counters) {
    this.profile = profile;
    this.counters = counters;
    this.rtpIn = counters.adder("srtp.in");
    this.rtpOut = counters.adder("srtp.out");
    int k = profile.keyLength;
    int s = profile.saltLength;
    byte[] clientKey = Arrays.copyOfRange(material, 0, k);
    byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
    byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
    var logger = new LoggerImpl(SrtpSession.class.getName(), java.util.logging.Level.WARNING);
    this.sendFactory = new SrtpContextFactory(true, localIsClient ? clientKey : serverKey,
        localIsClient ? clientSalt : serverSalt, profile.policy(), profile.policy(), logger);
    this.receiveFactory = new SrtpContextFactory(false, localIsClient ? serverKey : clientKey,
        localIsClient ? serverSalt : clientSalt, profile.policy(), profile.policy(), logger);
  }

  public SrtpProfile profile() {
    return profile;
  }

  /** Bytes of keying material a profile needs from the exporter. */
  public static int materialLength(SrtpProfile p) {
    return 2 * (p.keyLength + p.saltLength);
  }

  /**
   * Decrypts and authenticates an SRTP packet in place (the caller's buffer: the receive
   * buffer, reused after the packet is handled); returns the plain packet or null (counted).
   */
  public PacketBuffer unprotectRtp(byte[] buf, int off, int len) {
    PacketBuffer p = new PacketBuffer(buf, off, len);
    int ssrc = ssrc(buf, off + 8);
    try {
      SrtpCryptoContext c = cached(receiveCache, ssrc);
      if (c == null) {
        c = receiveRtp.computeIfAbsent(ssrc, x -> derive(receiveFactory, x));
        receiveCache[ssrc & (CACHE_SLOTS - 1)] = new Cached(ssrc, c);
      }
      SrtpErrorStatus st = c.reverseTransformPacket(p, false);
      if (st == SrtpErrorStatus.OK) {
        rtpIn.increment();
        return p;
      }
      return ok(st, "srtp.in") ? p : null;
    } catch (GeneralSecurityException | RuntimeException e) {
      counters.inc("drop.srtp.error");
      return null;
    }
  }

  /** Decrypts and authenticates an SRTCP packet; returns the plain compound packet or null. */
  public PacketBuffer unprotectRtcp(byte[] buf, int off, int len) {
    if (len < 8 + 4 + 10) {
      counters.inc("drop.srtcp.short");
      return null;
    }
    PacketBuffer p = PacketBuffer.copyOf(buf, off, len, 0);
    int ssrc = ssrc(buf, off + 4);
    try {
      SrtcpCryptoContext c = receiveRtcp.computeIfAbsent(ssrc, x -> deriveControl(receiveFactory, x));
      return ok(c.reverseTransformPacket(p), "srtcp.in") ? p : null;
    } catch (GeneralSecurityException | RuntimeException e) {
      counters.inc("drop.srtcp.error");
      return null;
    }
  }

  /** Encrypts a plain RTP packet into a copy; returns the SRTP packet or null. */
  public PacketBuffer protectRtp(byte[] buf, int off, int len) {
    return protectRtpInPlace(PacketBuffer.copyOf(buf, off, len, 32).getBuffer(), 0, len);
  }

  /**
   * Encrypts a plain RTP packet in the caller's buffer (which it gives up: the tag is written
   * after the packet when there is room, else the packet moves to a larger array); returns the
   * SRTP packet or null.
   */
  public PacketBuffer protectRtpInPlace(byte[] buf, int off, int len) {
    return protectRtpInPlace(new PacketBuffer(buf, off, len));
  }

  /**
   * Encrypts the plain RTP packet {@code p} holds, in place (a caller that reuses one
   * {@link PacketBuffer} per sending thread allocates nothing per packet); returns {@code p}
   * or null.
   */
  public PacketBuffer protectRtpInPlace(PacketBuffer p) {
    byte[] buf = p.getBuffer();
    int off = p.getOffset();
    int ssrc = ssrc(buf, off + 8);
    try {
      SrtpCryptoContext c = cached(sendCache, ssrc);
      if (c == null) {
        c = sendRtp.computeIfAbsent(ssrc, x -> derive(sendFactory, x));
        sendCache[ssrc & (CACHE_SLOTS - 1)] = new Cached(ssrc, c);
      }
      SrtpErrorStatus st = c.transformPacket(p);
      if (st == SrtpErrorStatus.OK) {
        rtpOut.increment();
        return p;
      }
      return ok(st, "srtp.out") ? p : null;
    } catch (GeneralSecurityException | RuntimeException e) {
      counters.inc("drop.srtp.out.error");
      return null;
    }
  }

  /** Encrypts a plain RTCP compound packet; returns the SRTCP packet or null. */
  public PacketBuffer protectRtcp(byte[] buf, int off, int len) {
    PacketBuffer p = PacketBuffer.copyOf(buf, off, len, 32);
    int ssrc = ssrc(buf, off + 4);
    try {
      SrtcpCryptoContext c = sendRtcp.computeIfAbsent(ssrc, x -> deriveControl(sendFactory, x));
      return ok(c.transformPacket(p), "srtcp.out") ? p : null;
    } catch (GeneralSecurityException | RuntimeException e) {
      counters.inc("drop.srtcp.out.error");
      return null;
    }
  }

  private boolean ok(SrtpErrorStatus s, String what) {
    if (s == SrtpErrorStatus.OK) {
      counters.inc(what);
      return true;
    }
    counters.inc("drop." + what + "." + s.name().toLowerCase(java.util.Locale.ROOT));
    return false;
  }

  private static SrtpCryptoContext derive(SrtpContextFactory f, int ssrc) {
    try {
      return f.deriveContext(ssrc, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SrtcpCryptoContext deriveControl(SrtpContextFactory f, int ssrc) {
    try {
      return f.deriveControlContext(ssrc);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int ssrc(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  public void close() {
    sendFactory.close();
    receiveFactory.close();
  }
}
