package io.sanke.media.server;

/** Where a consumer's packets go: a WebRTC transport (encrypts) or a plain transport. */
interface RtpSink {
  /**
   * Sends one plain RTP packet. The buffer is the caller's own copy and the sink may encrypt
   * it in place, and gives it back to the {@code PacketPool} once it is sent; the caller must
   * not use it afterwards. Never throws.
   */
  void sendRtp(byte[] buf, int off, int len);

  /** Sends one plain RTCP compound packet. Never throws. */
  void sendRtcp(byte[] buf, int off, int len);
}
