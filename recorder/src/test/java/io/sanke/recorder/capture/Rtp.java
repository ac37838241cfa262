package io.sanke.recorder.capture;

/** Builds small RTP packets for capture tests. */
final class Rtp {
  private Rtp() {}

  static byte[] packet(long ssrc, int pt, int seq, long ts, int payloadBytes) {
    byte[] p = new byte[12 + payloadBytes];
    p[0] = (byte) 0x80;
    p[1] = (byte) pt;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[4] = (byte) (ts >> 24);
    p[5] = (byte) (ts >> 16);
    p[6] = (byte) (ts >> 8);
    p[7] = (byte) ts;
    p[8] = (byte) (ssrc >> 24);
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (seq + i);
    }
    return p;
  }

  static int sequence(byte[] rtp) {
    return ((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF);
  }
}
