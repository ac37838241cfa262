package io.sanke.media.e2e;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A real libwebrtc peer (webrtc-java) for the end-to-end tests: a publisher that sends
 * a synthetic moving I420 picture and a 440 Hz tone, or a subscriber that decodes what
 * it receives and records the size of every decoded frame. Test code only.
 */
final class WebRtcPeer implements AutoCloseable {
  /** One decoded frame as the subscriber's sink saw it. */
  record Decoded(String mid, int width, int height, long atNanos) {}

  private final PeerConnectionFactory factory;
  private final RTCPeerConnection pc;
  private final List<MediaStreamTrack> tracks = new ArrayList<>();
  private final List<Decoded> decoded = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> framesByMid = new ConcurrentHashMap<>();
  private final AtomicLong lastFrameNanos = new AtomicLong();
  private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
  private ScheduledExecutorService pump;
  private CustomVideoSource videoSource;
  private CustomAudioSource audioSource;
  private RTCRtpTransceiver videoTransceiver;

  private WebRtcPeer(boolean sender) {
    this(sender, false);
  }

  private WebRtcPeer(boolean sender, boolean tcpOnly) {
    this.factory = sender ? new PeerConnectionFactory(new AudioDeviceModule(AudioLayer.kDummyAudio))
        : new PeerConnectionFactory(new HeadlessAudioDeviceModule());
    RTCConfiguration config = new RTCConfiguration();
    if (tcpOnly) {
      config.portAllocatorConfig = new dev.onvoid.webrtc.PortAllocatorConfig().setDisableUdp(true);
    }
    this.pc = factory.createPeerConnection(config, new PeerConnectionObserver() {
      @Override
      public void onIceCandidate(RTCIceCandidate candidate) {
        // ICE-lite server: it learns our address from our checks
      }

      @Override
      public void onConnectionChange(RTCPeerConnectionState s) {
        state = s;
      }

      @Override
      public void onTrack(RTCRtpTransceiver transceiver) {
        MediaStreamTrack t = transceiver.getReceiver().getTrack();
        String mid = transceiver.getMid();
        if (t instanceof VideoTrack v) {
          v.addSink(frame -> {
            decoded.add(new Decoded(mid, frame.buffer.getWidth(), frame.buffer.getHeight(), System.nanoTime()));
            framesByMid.computeIfAbsent(mid, k -> new AtomicInteger()).incrementAndGet();
            lastFrameNanos.set(System.nanoTime());
          });
        }
      }
    });
  }

  /** A publisher sending {@code width}x{@code height} video at 30 fps and an Opus tone. */
  static WebRtcPeer publisher(int width, int height) {
    return publisher(width, height, 1, 30);
  }

  /**
   * A publisher sending {@code width}x{@code height} video and an Opus tone; with
   * {@code layers} &gt; 1 the video is simulcast, each layer half the size of the next.
   */
  static WebRtcPeer publisher(int width, int height, int layers, int fps) {
    WebRtcPeer p = new WebRtcPeer(true);
    p.videoSource = new CustomVideoSource();
    VideoTrack video = p.factory.createVideoTrack("video", p.videoSource);
    p.audioSource = new CustomAudioSource();
    AudioTrack audio = p.factory.createAudioTrack("audio", p.audioSource);
    p.tracks.add(video);
    p.tracks.add(audio);
    RTCRtpTransceiverInit vi = new RTCRtpTransceiverInit();
    vi.direction = RTCRtpTransceiverDirection.SEND_ONLY;
    vi.streamIds = List.of("classroom");
    if (layers > 1) {
      vi.sendEncodings = new ArrayList<>();
      for (int i = layers - 1; i >= 0; i--) {
        dev.onvoid.webrtc.RTCRtpEncodingParameters e = new dev.onvoid.webrtc.RTCRtpEncodingParameters();
        e.scaleResolutionDownBy = (double) (1 << i);
        e.active = true;
        vi.sendEncodings.add(e);
      }
    }
    p.videoTransceiver = p.pc.addTransceiver(video, vi);
    RTCRtpTransceiverInit ai = new RTCRtpTransceiverInit();
    ai.direction = RTCRtpTransceiverDirection.SEND_ONLY;
    ai.streamIds = List.of("classroom");
    p.pc.addTransceiver(audio, ai);
    p.startPump(width, height, fps);
    return p;
  }

  /** A subscriber with {@code videos} video and {@code audios} audio receive-only m-sections. */
  static WebRtcPeer subscriber(int videos, int audios) {
    return subscriber(videos, audios, false);
  }

  /** As {@link #subscriber(int, int)}; with {@code tcpOnly} it gathers no UDP candidates (ICE-TCP only). */
  static WebRtcPeer subscriber(int videos, int audios, boolean tcpOnly) {
    WebRtcPeer p = new WebRtcPeer(false, tcpOnly);
    for (int i = 0; i < videos; i++) {
      VideoTrack t = p.factory.createVideoTrack("rv" + i, new CustomVideoSource());
      p.tracks.add(t);
      RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
      init.direction = RTCRtpTransceiverDirection.RECV_ONLY;
      p.pc.addTransceiver(t, init);
    }
    for (int i = 0; i < audios; i++) {
      AudioTrack t = p.factory.createAudioTrack("ra" + i, new CustomAudioSource());
      p.tracks.add(t);
      RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
      init.direction = RTCRtpTransceiverDirection.RECV_ONLY;
      p.pc.addTransceiver(t, init);
    }
    return p;
  }

  /** Adds a receive-only m-section of {@code kind} ("video" or "audio"); its mid is known after the next offer. */
  RTCRtpTransceiver addReceiver(String kind) {
    MediaStreamTrack t = kind.equals("video")
        ? factory.createVideoTrack("rv" + tracks.size(), new CustomVideoSource())
        : factory.createAudioTrack("ra" + tracks.size(), new CustomAudioSource());
    tracks.add(t);
    RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
    init.direction = RTCRtpTransceiverDirection.RECV_ONLY;
    return pc.addTransceiver(t, init);
  }

  /**
   * Shares a screen showing the publisher's synthetic picture (one layer) on a new video
   * m-section: with {@code sendOnly} through a send-only transceiver, else through
   * {@code addTrack}, which makes a sendrecv one. Its mid is known after the next offer.
   */
  void addScreen(boolean sendOnly) {
    VideoTrack screen = factory.createVideoTrack("screen", videoSource);
    tracks.add(screen);
    if (sendOnly) {
      RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
      init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
      init.streamIds = List.of("classroom-screen");
      pc.addTransceiver(screen, init);
    } else {
      pc.addTrack(screen, List.of("classroom-screen"));
    }
  }

  /** Keeps only the video codec named {@code mimeSubtype} (for example "H264") in the offer. */
  void preferVideoCodec(String mimeSubtype) {
    List<dev.onvoid.webrtc.RTCRtpCodecCapability> keep = new ArrayList<>();
    for (dev.onvoid.webrtc.RTCRtpCodecCapability c
        : factory.getRtpSenderCapabilities(dev.onvoid.webrtc.media.MediaType.VIDEO).getCodecs()) {
      String name = c.getName();
      String mime = c.getMimeType() == null ? "" : c.getMimeType();
      if (name.equalsIgnoreCase(mimeSubtype) || name.equalsIgnoreCase("rtx")
          || mime.equalsIgnoreCase("video/" + mimeSubtype) || mime.equalsIgnoreCase("video/rtx")) {
        keep.add(c);
      }
    }
    videoTransceiver.setCodecPreferences(keep);
  }

  private void startPump(int width, int height, int fps) {
    pump = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "synthetic-media");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger n = new AtomicInteger();
    pump.scheduleAtFixedRate(() -> {
      int i = n.getAndIncrement();
      NativeI420Buffer b = NativeI420Buffer.allocate(width, height);
      fill(b.getDataY(), b.getStrideY(), width, height, i);
      fill(b.getDataU(), b.getStrideU(), (width + 1) / 2, (height + 1) / 2, i * 3 + 64);
      fill(b.getDataV(), b.getStrideV(), (width + 1) / 2, (height + 1) / 2, i * 5 + 128);
      VideoFrame f = new VideoFrame(b, System.nanoTime());
      videoSource.pushFrame(f);
      f.release();
    }, 0, 1000 / fps, TimeUnit.MILLISECONDS);
    AtomicLong sample = new AtomicLong();
    pump.scheduleAtFixedRate(() -> {
      byte[] pcm = new byte[480 * 2];
      for (int k = 0; k < 480; k++) {
        short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * sample.getAndIncrement() / 48000.0));
        pcm[2 * k] = (byte) v;
        pcm[2 * k + 1] = (byte) (v >> 8);
      }
      audioSource.pushAudio(pcm, 16, 48000, 1, 480);
    }, 0, 10, TimeUnit.MILLISECONDS);
  }

  private static void fill(ByteBuffer plane, int stride, int w, int h, int phase) {
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        plane.put(y * stride + x, (byte) ((x + y + phase * 4) & 0xff));
      }
    }
  }

  /** A receiver with no transceivers of its own: it answers the SFU's offer. */
  static WebRtcPeer receiver() {
    return new WebRtcPeer(false);
  }

  /** Applies the SFU's offer, creates and applies the answer, returns the answer SDP. */
  String answer(String offerSdp) throws Exception {
    CompletableFuture<Void> remote = new CompletableFuture<>();
    pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offerSdp), setObserver(remote));
    remote.get(10, TimeUnit.SECONDS);
    CompletableFuture<RTCSessionDescription> answer = new CompletableFuture<>();
    pc.createAnswer(new RTCAnswerOptions(), observer(answer));
    RTCSessionDescription a = answer.get(10, TimeUnit.SECONDS);
    CompletableFuture<Void> local = new CompletableFuture<>();
    pc.setLocalDescription(a, setObserver(local));
    local.get(10, TimeUnit.SECONDS);
    return a.sdp;
  }

  /** Creates an offer, applies it locally, lets {@code munge} rewrite it and returns the SDP. */
  String createOffer(UnaryOperator<String> munge) throws Exception {
    CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
    pc.createOffer(new RTCOfferOptions(), observer(offer));
    RTCSessionDescription o = offer.get(10, TimeUnit.SECONDS);
    RTCSessionDescription munged = new RTCSessionDescription(RTCSdpType.OFFER, munge.apply(o.sdp));
    CompletableFuture<Void> set = new CompletableFuture<>();
    pc.setLocalDescription(munged, setObserver(set));
    set.get(10, TimeUnit.SECONDS);
    return munged.sdp;
  }

  String createOffer() throws Exception {
    return createOffer(UnaryOperator.identity());
  }

  void setAnswer(String sdp) throws Exception {
    CompletableFuture<Void> set = new CompletableFuture<>();
    pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp), setObserver(set));
    set.get(10, TimeUnit.SECONDS);
  }

  /** Mids of the transceivers, in order. */
  List<String> mids() {
    List<String> out = new ArrayList<>();
    for (RTCRtpTransceiver t : pc.getTransceivers()) {
      out.add(t.getMid());
    }
    return out;
  }

  RTCPeerConnectionState state() {
    return state;
  }

  List<Decoded> decoded() {
    return decoded;
  }

  int frames(String mid) {
    AtomicInteger n = framesByMid.get(mid);
    return n == null ? 0 : n.get();
  }

  /** The stats of type {@code type} (for example "inbound-rtp"), attributes by id. */
  List<Map<String, Object>> stats(String type) throws Exception {
    CompletableFuture<RTCStatsReport> f = new CompletableFuture<>();
    pc.getStats(f::complete);
    List<Map<String, Object>> out = new ArrayList<>();
    for (RTCStats s : f.get(10, TimeUnit.SECONDS).getStats().values()) {
      if (s.getType().toString().equalsIgnoreCase(type.replace("-", "_"))
          || s.getType().toString().equalsIgnoreCase(type)) {
        Map<String, Object> m = new java.util.HashMap<>(s.getAttributes());
        m.put("id", s.getId());
        out.add(m);
      }
    }
    return out;
  }

  /** The sum of {@code key} over this peer's RTP stats of {@code type} ("inbound-rtp", "outbound-rtp") and {@code kind}. */
  long rtpStat(String type, String kind, String key) throws Exception {
    long n = 0;
    for (Map<String, Object> s : stats(type)) {
      if (kind.equals(s.get("kind"))) {
        n += number(s, key);
      }
    }
    return n;
  }

  /** {@link #rtpStat}, or -1 when the stats cannot be read (for conditions polled while the peer starts). */
  long rtpStatOrMinusOne(String type, String kind, String key) {
    try {
      return rtpStat(type, kind, key);
    } catch (Exception e) {
      return -1;
    }
  }

  /** Audio RTP packets received so far, or -1 when the stats cannot be read. */
  static long audioPackets(WebRtcPeer peer) {
    return peer.rtpStatOrMinusOne("inbound-rtp", "audio", "packetsReceived");
  }

  static long number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  private static CreateSessionDescriptionObserver observer(CompletableFuture<RTCSessionDescription> f) {
    return new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription d) {
        f.complete(d);
      }

      @Override
      public void onFailure(String error) {
        f.completeExceptionally(new IllegalStateException(error));
      }
    };
  }

  private static SetSessionDescriptionObserver setObserver(CompletableFuture<Void> f) {
    return new SetSessionDescriptionObserver() {
      @Override
      public void onSuccess() {
        f.complete(null);
      }

      @Override
      public void onFailure(String error) {
        f.completeExceptionally(new IllegalStateException(error));
      }
    };
  }

  @Override
  public void close() {
    if (pump != null) {
      pump.shutdownNow();
      try {
        pump.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pc.close();
    // Tracks stay referenced by the closed connection's senders; libwebrtc frees them
    // with the factory. Disposing them one by one throws "native object was not deleted".
    try {
      factory.dispose();
    } catch (Error e) {
      // still referenced natively; the test JVM exits soon
    }
  }
}
