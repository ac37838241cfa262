package io.sanke.client;

import java.util.List;

/**
 * What one headless client measured at one moment, from libwebrtc's getStats and its
 * own sinks: decoded video per received m-section, received audio with its loudness,
 * encoded video per simulcast layer, and the round-trip time of the selected ICE pair.
 */
public record PeerStats(List<InboundVideo> inboundVideo, List<InboundAudio> inboundAudio,
    List<OutboundVideo> outboundVideo, double roundTripTimeMs) {

  public PeerStats {
    inboundVideo = List.copyOf(inboundVideo);
    inboundAudio = List.copyOf(inboundAudio);
    outboundVideo = List.copyOf(outboundVideo);
  }

  /** One received video m-section. */
  public record InboundVideo(String mid, long framesDecoded, int frameWidth, int frameHeight,
      long packetsReceived, long packetsLost, double jitterMs) {}

  /** One received audio m-section; {@code rms} is the loudness its sink heard lately (0..1). */
  public record InboundAudio(String mid, long packetsReceived, long packetsLost, double rms) {}

  /** One sent simulcast layer ({@code rid} empty without simulcast). */
  public record OutboundVideo(String rid, long framesEncoded, int frameWidth, int frameHeight, long bytesSent) {}

  /** Frames decoded on all received video m-sections. */
  public long framesDecoded() {
    return inboundVideo.stream().mapToLong(InboundVideo::framesDecoded).sum();
  }
}
