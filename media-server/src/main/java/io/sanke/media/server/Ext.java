package io.sanke.media.server;

import java.util.List;

/** RTP header extension URIs the SFU negotiates. */
final class Ext {
  static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
  static final String RRID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
  static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

  /** Accepted on what endpoints send us. */
  static final List<String> RECEIVE = List.of(MID, RID, RRID, ABS_SEND_TIME, TRANSPORT_CC, AUDIO_LEVEL);

  private Ext() {}
}
