package io.sanke.media.server;

import io.sanke.media.rtp.RtpPacket;

/** Where a consumer's packets go: a WebRTC transport (encrypts) or a plain transport. */
interface RtpSink {
  /**
   * Sends one plain RTP packet, already parsed. Its buffer is the caller's own copy and the sink
   * may encrypt it in place, and gives it back to the {@code PacketPool} once it is sent; the
   * caller must not use it afterwards. Never throws.
   */
  void sendRtp(RtpPacket packet);

  /** Sends one plain RTCP compound packet. Never throws. */
  void sendRtcp(byte[] buf, int off, int len);
}
