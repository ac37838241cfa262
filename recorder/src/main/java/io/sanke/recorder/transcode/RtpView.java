package io.sanke.recorder.transcode;

/**
 * Reads the fixed RTP header and finds the payload (CSRCs, header extension and padding
 * skipped). Returns null for a packet too short or malformed to have a payload.
 */
record RtpView(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, int payloadOffset,
    int payloadLength) {

  static RtpView parse(byte[] p) {
    if (p.length < 12 || (p[0] & 0xC0) != 0x80) {
      return null;
    }
    int cc = p[0] & 0x0F;
    boolean extension = (p[0] & 0x10) != 0;
    boolean padding = (p[0] & 0x20) != 0;
    int off = 12 + 4 * cc;
    if (extension) {
      if (p.length < off + 4) {
        return null;
      }
      int words = ((p[off + 2] & 0xFF) << 8) | (p[off + 3] & 0xFF);
      off += 4 + 4 * words;
    }
    int end = p.length;
    if (padding && end > off) {
      end -= p[end - 1] & 0xFF;
    }
    if (end < off) {
      return null;
    }
    long ts = ((p[4] & 0xFFL) << 24) | ((p[5] & 0xFFL) << 16) | ((p[6] & 0xFFL) << 8) | (p[7] & 0xFFL);
    long ssrc = ((p[8] & 0xFFL) << 24) | ((p[9] & 0xFFL) << 16) | ((p[10] & 0xFFL) << 8) | (p[11] & 0xFFL);
    return new RtpView(p[1] & 0x7F, (p[1] & 0x80) != 0, ((p[2] & 0xFF) << 8) | (p[3] & 0xFF), ts, ssrc, off,
        end - off);
  }
}
