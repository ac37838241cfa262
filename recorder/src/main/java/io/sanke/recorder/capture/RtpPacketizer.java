package io.sanke.recorder.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts encoded VP8 frames or Opus packets into RTP packets (RFC 7741, RFC 7587) the
 * way a WebRTC sender does: VP8 with a one-byte payload descriptor, marker on the last
 * packet of a frame. Used to import media files as a recording; does not send anything.
 */
final class RtpPacketizer {
  static final int MAX_PAYLOAD = 1100;

  private final String codec;
  private final int payloadType;
  private final long ssrc;
  private int sequence;
  private final long timestampBase;

  RtpPacketizer(String codec, int payloadType, long ssrc, int firstSequence, long timestampBase) {
    this.codec = codec;
    this.payloadType = payloadType;
    this.ssrc = ssrc;
    this.sequence = firstSequence & 0xFFFF;
    this.timestampBase = timestampBase;
  }

  List<byte[]> packetize(byte[] frame, long timestamp) {
    long ts = (timestampBase + timestamp) & 0xFFFF_FFFFL;
    List<byte[]> out = new ArrayList<>();
    if (codec.equals("opus")) {
      out.add(packet(frame, 0, frame.length, ts, false, null));
      return out;
    }
    int off = 0;
    do {
      int n = Math.min(MAX_PAYLOAD, frame.length - off);
      boolean last = off + n >= frame.length;
      out.add(packet(frame, off, n, ts, last, new byte[] {(byte) (off == 0 ? 0x10 : 0x00)}));
      off += n;
    } while (off < frame.length);
    return out;
  }

  private byte[] packet(byte[] data, int off, int len, long ts, boolean marker, byte[] descriptor) {
    int d = descriptor == null ? 0 : descriptor.length;
    byte[] p = new byte[12 + d + len];
    p[0] = (byte) 0x80;
    p[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    p[2] = (byte) (sequence >> 8);
    p[3] = (byte) sequence;
    sequence = (sequence + 1) & 0xFFFF;
    p[4] = (byte) (ts >> 24);
    p[5] = (byte) (ts >> 16);
    p[6] = (byte) (ts >> 8);
    p[7] = (byte) ts;
    p[8] = (byte) (ssrc >> 24);
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    if (d > 0) {
      System.arraycopy(descriptor, 0, p, 12, d);
    }
    System.arraycopy(data, off, p, 12 + d, len);
    return p;
  }
}
