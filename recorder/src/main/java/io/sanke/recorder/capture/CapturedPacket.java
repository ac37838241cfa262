package io.sanke.recorder.capture;

import java.time.Instant;

/** One RTP packet as captured: its arrival time and its bytes (header included). */
public record CapturedPacket(Instant arrival, byte[] rtp) {
  /** SSRC from the RTP header. */
  public long ssrc() {
    return ((rtp[8] & 0xFFL) << 24) | ((rtp[9] & 0xFFL) << 16) | ((rtp[10] & 0xFFL) << 8) | (rtp[11] & 0xFFL);
  }
}
