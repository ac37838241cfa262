package io.sanke.media.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.message.Message;

/**
 * STUN for an ICE-lite agent: decodes binding requests with ice4j's codec, checks
 * MESSAGE-INTEGRITY with the local password and writes the success response
 * (XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT, RFC 5389). Stateless; does
 * not send anything.
 */
public final class StunMessages {
  static final int BINDING_REQUEST = 0x0001;
  static final int BINDING_SUCCESS = 0x0101;
  static final int BINDING_INDICATION = 0x0011;
  private static final int MAGIC = 0x2112A442;
  private static final int ATTR_XOR_MAPPED = 0x0020;
  private static final int ATTR_MI = 0x0008;
  private static final int ATTR_FINGERPRINT = 0x8028;

  private StunMessages() {}

  /** A checked binding request: who sent it and whether it nominates the pair. */
  public record BindingRequest(String localUfrag, String remoteUfrag, byte[] transactionId,
      boolean useCandidate, int messageLength) {}

  /** Thrown when a datagram is not an acceptable STUN message; the caller counts it. */
  public static final class StunRejected extends Exception {
    private static final long serialVersionUID = 1L;
    public final String reason;

    StunRejected(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }
  }

  /** Message type of a STUN datagram (first two bytes), or -1 when too short. */
  public static int type(byte[] buf, int off, int len) {
    return len < 20 ? -1 : ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
  }

  /** Decodes a binding request and returns its USERNAME split into local and remote ufrag. */
  public static BindingRequest parseRequest(byte[] buf, int off, int len) throws StunRejected {
    if (len < 20 || len > 1500 || ByteBuffer.wrap(buf, off + 4, 4).getInt() != MAGIC) {
      throw new StunRejected("header");
    }
    int declared = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
    if (declared + 20 != len || (declared & 3) != 0) {
      throw new StunRejected("length");
    }
    Message m;
    try {
      m = Message.decode(buf, off, len);
    } catch (StunException | RuntimeException e) {
      throw new StunRejected("decode");
    }
    if (m.getMessageType() != BINDING_REQUEST) {
      throw new StunRejected("type");
    }
    Attribute u = m.getAttribute(Attribute.USERNAME);
    if (!(u instanceof UsernameAttribute ua)) {
      throw new StunRejected("username");
    }
    String username = new String(ua.getUsername(), StandardCharsets.UTF_8);
    int colon = username.indexOf(':');
    if (colon <= 0) {
      throw new StunRejected("username");
    }
    if (!(m.getAttribute(Attribute.MESSAGE_INTEGRITY) instanceof MessageIntegrityAttribute)) {
      throw new StunRejected("integrity");
    }
    return new BindingRequest(username.substring(0, colon), username.substring(colon + 1),
        Arrays.copyOfRange(buf, off + 8, off + 20),
        m.containsAttribute(Attribute.USE_CANDIDATE), len);
  }

  /** True when the MESSAGE-INTEGRITY of the message is the HMAC-SHA1 keyed by {@code password}. */
  public static boolean integrityValid(byte[] buf, int off, int len, String password) {
    int pos = off + 20;
    int end = off + len;
    while (pos + 4 <= end) {
      int type = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
      int alen = ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
      if (type == ATTR_MI) {
        if (alen != 20 || pos + 24 > end) {
          return false;
        }
        byte[] copy = Arrays.copyOfRange(buf, off, pos);
        int lenWithMi = pos - off - 20 + 24;
        copy[2] = (byte) (lenWithMi >> 8);
        copy[3] = (byte) lenWithMi;
        byte[] mac = MessageIntegrityAttribute.calculateHmacSha1(copy, 0, copy.length,
            password.getBytes(StandardCharsets.UTF_8));
        return java.security.MessageDigest.isEqual(mac, Arrays.copyOfRange(buf, pos + 4, pos + 24));
      }
      pos += 4 + ((alen + 3) & ~3);
    }
    return false;
  }

  /** Builds the binding success response to {@code request} seen from {@code mapped}. */
  public static byte[] successResponse(byte[] transactionId, InetSocketAddress mapped, String password) {
    InetAddress a = mapped.getAddress();
    byte[] addr = a.getAddress();
    int xorLen = 4 + addr.length;
    int size = 20 + (4 + xorLen) + 24 + 8;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putShort((short) BINDING_SUCCESS).putShort((short) 0).putInt(MAGIC).put(transactionId);
    b.putShort((short) ATTR_XOR_MAPPED).putShort((short) xorLen);
    b.put((byte) 0).put((byte) (addr.length == 4 ? 1 : 2));
    b.putShort((short) (mapped.getPort() ^ (MAGIC >>> 16)));
    byte[] mask = new byte[16];
    ByteBuffer.wrap(mask).putInt(MAGIC).put(transactionId);
    for (int i = 0; i < addr.length; i++) {
      b.put((byte) (addr[i] ^ mask[i]));
    }
    int miPos = b.position();
    b.putShort(2, (short) (miPos - 20 + 24));
    byte[] mac = MessageIntegrityAttribute.calculateHmacSha1(b.array(), 0, miPos,
        password.getBytes(StandardCharsets.UTF_8));
    b.putShort((short) ATTR_MI).putShort((short) 20).put(mac);
    int fpPos = b.position();
    b.putShort(2, (short) (fpPos - 20 + 8));
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, fpPos);
    b.putShort((short) ATTR_FINGERPRINT).putShort((short) 4).putInt((int) (crc.getValue() ^ 0x5354554eL));
    return b.array();
  }
}
