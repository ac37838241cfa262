package io.sanke.media.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.ice4j.attribute.MessageIntegrityAttribute;

/** Builds binding requests as a controlling ICE agent would (for tests only). */
public final class StunTestMessages {
  private StunTestMessages() {}

  public static byte[] bindingRequest(String username, String password, boolean useCandidate) {
    byte[] user = username.getBytes(StandardCharsets.UTF_8);
    int userPadded = (user.length + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(20 + 4 + userPadded + (useCandidate ? 4 : 0) + 24);
    byte[] tid = new byte[12];
    new SecureRandom().nextBytes(tid);
    b.putShort((short) 1).putShort((short) 0).putInt(0x2112A442).put(tid);
    b.putShort((short) 0x0006).putShort((short) user.length).put(user);
    b.position(b.position() + userPadded - user.length);
    if (useCandidate) {
      b.putShort((short) 0x0025).putShort((short) 0);
    }
    int mi = b.position();
    b.putShort(2, (short) (mi - 20 + 24));
    byte[] mac = MessageIntegrityAttribute.calculateHmacSha1(b.array(), 0, mi,
        password.getBytes(StandardCharsets.UTF_8));
    b.putShort((short) 0x0008).putShort((short) 20).put(mac);
    return b.array();
  }
}
