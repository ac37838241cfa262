package io.sanke.media.server;

/** Where a consumer's packets go: a WebRTC transport (encrypts) or a plain transport. */
interface RtpSink {
  /** Sends one plain RTP packet; the sink may encrypt a copy. Never throws. */
  void sendRtp(byte[] buf, int off, int len);

  /** Sends one plain RTCP compound packet. Never throws. */
  void sendRtcp(byte[] buf, int off, int len);
}
